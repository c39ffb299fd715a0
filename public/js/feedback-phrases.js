// Beside the feedback box, each saved phrase gets an "Add to feedback" button that puts the phrase
// where the cursor is (at the end while the box has not been clicked or tabbed into), on a line of its own. Without JavaScript the phrases are
// there to copy.
(function () {
  'use strict';

  // `placed`: the person has been in the box since the page opened, so its caret is theirs. Before
  // that, a box reports its caret at the start (selectionStart 0) though no one put it there.
  function insert(box, phrase, placed) {
    var start = placed && box.selectionStart != null ? box.selectionStart : box.value.length;
    var end = placed && box.selectionEnd != null ? box.selectionEnd : start;
    var before = box.value.slice(0, start);
    var after = box.value.slice(end);
    var lead = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? '\n' : '\n\n') : '';
    var trail = after && !/^\n/.test(after) ? '\n\n' : '';
    box.value = before + lead + phrase + trail + after;
    var caret = (before + lead + phrase).length;
    box.focus();
    box.setSelectionRange(caret, caret);
    // Autosave and anything else listening see the change as typing.
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }

  document.querySelectorAll('[data-phrases-for]').forEach(function (list) {
    var box = document.getElementById(list.getAttribute('data-phrases-for'));
    if (!box) return;
    var placed = document.activeElement === box;
    box.addEventListener('focus', function () {
      placed = true;
    });
    list.querySelectorAll('[data-phrase]').forEach(function (text, i) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-secondary button-small';
      button.textContent = 'Add to feedback';
      var label = document.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = ' (phrase ' + (i + 1) + ')';
      button.appendChild(label);
      button.addEventListener('click', function () {
        insert(box, text.textContent, placed);
      });
      text.parentNode.appendChild(button);
    });
  });
})();
