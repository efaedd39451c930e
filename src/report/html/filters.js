// Filters of the audit report: clause, platform and severity. Works offline; without
// JavaScript every post is shown.
(function () {
  "use strict";
  var form = document.getElementById("filtros");
  if (!form) { return; }
  form.hidden = false;
  var posts = Array.prototype.slice.call(document.querySelectorAll("article.post"));
  var shown = document.getElementById("visibles");
  function apply() {
    var clause = form.elements.clause.value;
    var platform = form.elements.platform.value;
    var level = form.elements.severity.value;
    var n = 0;
    posts.forEach(function (post) {
      var ok = (!clause || post.getAttribute("data-sections").indexOf(" " + clause + " ") >= 0) &&
        (!platform || post.getAttribute("data-platform") === platform) &&
        (!level || post.getAttribute("data-levels").indexOf(" " + level + " ") >= 0);
      post.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n.toLocaleString("es-PE");
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
}());
