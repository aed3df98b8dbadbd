// SLA countdowns (templates/macros/sla.html): every second, each ticking [data-sla-countdown]
// recomputes its time left from the value rendered by the server and the time since the element was
// first seen, then updates its text and tone (neutral / amber / red with the overage) in place. No
// request is made: the page or the htmx panel that rendered it refreshes the numbers themselves.
(() => {
  if (window.ticketwiseCountdown) return; // loaded again by an htmx fragment
  const firstSeen = new WeakMap();
  const TONES = ["sla-neutral", "sla-warning", "sla-breached"];
  const BADGES = { "sla-neutral": ["text-bg-light", "border"], "sla-warning": ["text-bg-warning"], "sla-breached": ["text-bg-danger"] };

  function labels() {
    const node = document.getElementById("sla-countdown-labels");
    try {
      return node ? JSON.parse(node.textContent) : null;
    } catch (_error) {
      return null;
    }
  }

  function fill(pattern, values) {
    return pattern.replace(/%\((\w+)\)s/g, (_match, key) => String(values[key] ?? ""));
  }

  // The two largest units, like sla_countdown.short_duration on the server.
  function shortDuration(seconds, patterns) {
    const total = Math.floor(Math.abs(seconds));
    const parts = { d: Math.floor(total / 86400), h: Math.floor((total % 86400) / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
    const unit = parts.d ? "d" : parts.h ? "h" : parts.m ? "m" : "s";
    return fill(patterns[unit], parts);
  }

  function toneFor(seconds, warnBelow) {
    if (seconds < 0) return "sla-breached";
    if (seconds <= warnBelow) return "sla-warning";
    return "sla-neutral";
  }

  function tick() {
    const patterns = labels();
    if (!patterns) return;
    const now = Date.now();
    document.querySelectorAll('[data-sla-countdown][data-ticking="true"]').forEach((el) => {
      if (!firstSeen.has(el)) firstSeen.set(el, now);
      const rendered = Number(el.dataset.seconds);
      const warnBelow = Number(el.dataset.warnBelow || 0);
      const seconds = rendered - Math.floor((now - firstSeen.get(el)) / 1000);
      const text = el.querySelector("[data-sla-text]");
      if (text) {
        const duration = shortDuration(seconds, patterns);
        text.textContent = seconds < 0 ? fill(patterns.over, { duration }) : duration;
      }
      // A breached clock stays red even if the server said so before its deadline (another clock).
      const tone = el.classList.contains("sla-breached") ? "sla-breached" : toneFor(seconds, warnBelow);
      if (!el.classList.contains(tone)) {
        TONES.forEach((name) => el.classList.remove(name, ...BADGES[name]));
        el.classList.add(tone, ...BADGES[tone]);
      }
    });
  }

  window.ticketwiseCountdown = { tick, shortDuration };
  tick();
  setInterval(tick, 1000);
})();
