// A "copy" button beside each citation block: the blocks stay selectable without
// JavaScript; with it, one click copies the text.
document.querySelectorAll("[data-copy]").forEach(function (block) {
  if (!navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = block.dataset.copy;
  button.addEventListener("click", function () {
    var text = block.value !== undefined ? block.value : block.textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = block.dataset.copied;
    });
  });
  block.insertAdjacentElement("afterend", button);
});
