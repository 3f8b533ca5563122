// Progressive enhancement only: show a fact cell's evidence sentence on hover or focus.
(function () {
  document.documentElement.setAttribute("data-js", "on");
  document.querySelectorAll("table.facts").forEach(function (table) {
    var panel = table.parentNode.parentNode.querySelector("p.evidence");
    if (!panel) return;
    var text = panel.querySelector(".evidence-text");
    function show(e) {
      var a = e.target.closest ? e.target.closest("a.fact-cell") : null;
      if (!a) return;
      text.textContent = a.getAttribute("data-sentence") || "";
      panel.hidden = false;
    }
    table.addEventListener("mouseover", show);
    table.addEventListener("focusin", show);
  });
})();
