// Interview Coach page behaviour. Everything here improves pages that work
// without it: the live word count, the answer timer, Ctrl/Cmd+Enter to
// submit, and moving focus to what htmx swapped in. No inline script is
// needed, so the Content-Security-Policy forbids it.
(function () {
  "use strict";

  function countWords(text) {
    var m = text.trim().match(/\S+/g);
    return m ? m.length : 0;
  }

  // Word count against the question's target length.
  function updateCounter(area) {
    var out = document.getElementById(area.dataset.counter);
    if (!out) return;
    var n = countWords(area.value);
    var min = +area.dataset.min, max = +area.dataset.max;
    var state = n === 0 ? "none" : n < min ? "under" : n > max ? "over" : "ok";
    var label = n === 1 ? "1 word" : n + " words";
    var hint = state === "under" ? " — aim for " + min + "–" + max
      : state === "over" ? " — a bit long, aim for " + min + "–" + max
      : state === "ok" ? " — a good length"
      : " — aim for " + min + "–" + max;
    out.textContent = label + hint;
    out.dataset.state = state;
    var meter = area.form && area.form.querySelector("[data-word-meter]");
    if (meter) {
      meter.value = n;
      meter.hidden = false;
    }
  }

  // Timers count up from the moment their question is shown.
  function tick() {
    var timers = document.querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      if (!el.dataset.start) {
        el.dataset.start = String(Date.now());
        el.hidden = false;
      }
      var s = Math.floor((Date.now() - +el.dataset.start) / 1000);
      var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      var v = el.querySelector(".timer-value");
      if (v && v.textContent !== text) v.textContent = text;
    }
  }

  // An answer waiting for its score follows the scoring over Server-Sent
  // Events: progress lines, then the evaluation card, which replaces the
  // practice section. The "Score it now" form stays for when that fails.
  function followScoring(root) {
    var card = root.querySelector("[data-score-stream]");
    if (!card || card.dataset.streaming || !window.EventSource) return;
    card.dataset.streaming = "1";
    var status = card.querySelector("[data-score-status]");
    var fallback = card.querySelector("[data-score-fallback]");
    var say = function (text) {
      if (status) status.lastChild.textContent = " " + text;
    };
    if (fallback) fallback.hidden = true;
    var source = new EventSource(card.dataset.scoreStream);
    var stop = function (text) {
      source.close();
      delete card.dataset.streaming;
      say(text);
      if (fallback) fallback.hidden = false;
    };
    source.addEventListener("progress", function (e) { say(e.data); });
    source.addEventListener("evaluation", function (e) {
      source.close();
      var section = card.closest("#practice");
      var tpl = document.createElement("template");
      tpl.innerHTML = e.data;
      var fresh = tpl.content.querySelector("#practice");
      if (!section || !fresh) return stop("Scored. Reload the page to see your evaluation.");
      section.replaceWith(fresh);
      if (window.htmx) window.htmx.process(fresh);
      init(fresh);
    });
    source.addEventListener("failed", function (e) { stop(e.data); });
    source.onerror = function () {
      stop("The connection was lost while scoring. Your answer is saved.");
    };
  }

  function init(root) {
    followScoring(root);
    var areas = root.querySelectorAll("textarea[data-counter]");
    for (var i = 0; i < areas.length; i++) updateCounter(areas[i]);
    tick();
    var focus = root.querySelector("[data-autofocus]");
    if (focus) focus.focus();
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-counter]")) updateCounter(e.target);
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.matches && e.target.matches("textarea[data-counter]")) {
      e.preventDefault();
      if (e.target.form && e.target.form.requestSubmit) e.target.form.requestSubmit();
    }
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    init(e.detail.target && e.detail.target.isConnected ? e.detail.target : document);
  });

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    setInterval(tick, 1000);
  });
})();
