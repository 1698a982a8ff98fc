// Coaching pages: "Copy link" buttons copy an invite link. The link stays
// selectable in its read-only field, so the page works without this.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-copy]");
    if (!btn) return;
    var input = document.getElementById(btn.dataset.copy);
    if (!input) return;
    var status = document.querySelector('[data-copied="' + btn.dataset.copy + '"]');
    function done(ok) {
      if (status) status.textContent = ok ? "Link copied. " : "Select the link and copy it. ";
    }
    input.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  });
})();
