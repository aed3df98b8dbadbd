"""The shared tokenizer: jieba for Chinese, codes kept whole, stop words out, negations kept."""

from __future__ import annotations

from ticketwise.ai.text.tokenize import char_ngrams, normalise, words


def test_chinese_is_segmented_into_words_without_stop_words():
    assert words("我的电脑蓝屏了，打印机也坏了") == ["电脑", "蓝屏", "打印机", "坏"]


def test_english_is_lower_cased_and_stop_words_are_dropped():
    assert words("The printer on the 3rd floor is NOT printing") == [
        "printer",
        "3rd",
        "floor",
        "not",
        "printing",
    ]


def test_codes_numbers_and_addresses_stay_whole():
    tokens = words("错误代码0x0000007B，贴片机报警E102，IP 192.168.1.10，系统 Win10 v2.3.1")
    for code in ("0x0000007b", "e102", "192.168.1.10", "win10", "v2.3.1"):
        assert code in tokens


def test_mixed_text_keeps_reading_order():
    assert words("VPN连接不上 since Monday") == ["vpn", "连接", "不上", "monday"]


def test_full_width_characters_are_normalised():
    assert normalise("ＶＰＮ　Ｅ１０２") == "vpn e102"
    assert words("ＶＰＮ断网") == ["vpn", "断网"]


def test_negations_are_kept_and_stop_words_can_be_kept_on_request():
    assert "不能" in words("不能打印")
    assert "cannot" in words("I cannot print")
    assert words("我的电脑", stop_words=False) == ["我", "的", "电脑"]


def test_empty_and_punctuation_only_text():
    assert words("") == []
    assert words("！？。，...---") == []
    assert char_ngrams("") == []


def test_char_ngrams_stay_inside_runs_and_pad_latin_words():
    grams = char_ngrams("打印机 ok", n=(2, 3))
    assert grams[:3] == ["打印", "印机", "打印机"]
    assert " o" in grams and "ok " in grams
    assert "机 " not in grams  # no n-gram across the space between runs


def test_char_ngrams_single_size_and_short_runs():
    assert char_ngrams("网", n=(2, 3)) == ["网"]
    assert char_ngrams("蓝屏死机", n=2) == ["蓝屏", "屏死", "死机"]
