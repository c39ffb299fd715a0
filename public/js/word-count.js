// Keeps a text box's word count ("312 words so far.") up to date as the learner types; the page
// shows the count of the saved text without JavaScript. Not a live region: a count read out at
// every word would be noise, and the line is there to be read when wanted.
(function () {
  'use strict';

  function phrase(text) {
    var words = text.match(/\S+/g);
    var n = words ? words.length : 0;
    if (!n) return 'No words yet.';
    return n + (n === 1 ? ' word' : ' words') + ' so far.';
  }

  document.querySelectorAll('[data-word-count-for]').forEach(function (line) {
    var box = document.getElementById(line.getAttribute('data-word-count-for'));
    if (!box) return;
    box.addEventListener('input', function () {
      line.textContent = phrase(box.value);
    });
  });
})();
