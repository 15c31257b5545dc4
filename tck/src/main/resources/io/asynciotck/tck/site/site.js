// The index's filter: "show only the rules an implementation does not pass" hides the rows of rules that
// every implementation passes. The page reads whole without it; the mark on <html> tells a test it ran.
(function () {
  var only = document.getElementById("only-differences");
  if (only) {
    only.addEventListener("change", function () {
      document.body.classList.toggle("only-differences", only.checked);
    });
  }
  // Open the scenario or the failure a link points into, so that the target is visible.
  if (location.hash) {
    var target = document.getElementById(decodeURIComponent(location.hash.substring(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
  }
  document.documentElement.setAttribute("data-site-script", "ran");
})();
