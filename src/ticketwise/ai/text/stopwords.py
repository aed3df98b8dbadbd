"""Stop words for ticket text in Chinese and English.

Negations (not, no, never, 不, 没, 没有, 无法 ...) are deliberately *not* stop words: "cannot print" and
"can print" are different tickets, and the sentiment lexicon needs them to flip polarity.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

NEGATIONS_EN = frozenset(
    {"not", "no", "nor", "never", "cannot", "cant", "can't", "don't", "doesn't", "didn't", "won't", "isn't",
     "wasn't", "aren't", "couldn't", "shouldn't", "nothing", "none", "neither", "without"}
)  # fmt: skip

NEGATIONS_ZH = frozenset(
    {"不", "没", "没有", "无", "无法", "未", "别", "不能", "不会", "不是", "不要", "从未", "毫无"}
)

_ZH = """
的 了 是 在 我 有 和 就 人 都 一 一个 上 也 很 到 说 要 去 你 会 着 看 好 自己 这 那 吗 呢 吧 啊 呀 哦 嗯 么
之 与 及 或 等 把 被 让 给 对 从 向 为 以 而 且 但 但是 如果 因为 所以 然后 还 又 再 已经 您 我们 你们 他们 她
他 它 这个 那个 这些 那些 这样 那样 这里 那里 什么 怎么 怎么办 怎样 如何 一下 一些 可以 能 能够 是否 哪 哪个
谁 哈 呃 嘛 啦 哎 唉 得 地 里 中 于 其 此 该 各 每 个 们 并 并且 或者 以及 而且 然而 就是 还是 只是 只 才 都是
即 即使 虽然 不过 因此 于是 比如 例如 关于 通过 根据 按照 由于 对于 至于 一直 一样 一点 有点 有些 现在 今天
时候 时 后 前 请 麻烦 您好 你好 谢谢 感谢 辛苦
"""

STOP_WORDS_ZH = frozenset(_ZH.split())

STOP_WORDS_EN = frozenset(
    (set(ENGLISH_STOP_WORDS) | {"hi", "hello", "dear", "thanks", "thank", "please", "regards", "pls", "ok"})
    - NEGATIONS_EN
)

STOP_WORDS = STOP_WORDS_ZH | STOP_WORDS_EN
