// Saves a draft (a learner's reflection, an instructor's feedback) a few seconds after typing
// stops, and says when it was saved. Without JavaScript the form's "Save draft" button does the same.
(function () {
  'use strict';
  var DELAY_MS = 3000;

  function setUp(form) {
    var url = form.getAttribute('data-autosave-url');
    var textarea = form.querySelector('textarea');
    var status = form.querySelector('[data-autosave-status]');
    var tokenField = form.querySelector('input[name="_csrf"]');
    // The draft's save count this page last saw; the server sets aside a draft another window saved since.
    var revField = form.querySelector('input[name="draft_rev"]');
    if (!url || !textarea || !status || !tokenField) return;
    // Without this script only "Save draft" saves, and the page says so; now it saves as they write too.
    var hint = textarea.id ? document.getElementById(textarea.id + '-hint') : null;
    if (hint && form.getAttribute('data-autosave-hint')) hint.textContent = form.getAttribute('data-autosave-hint');
    var timer = null;
    var lastSaved = textarea.value;
    var saving = false;

    // The draft under the textarea's own name ("text", "feedback"), with the save count if the form keeps one.
    function bodyOf(text) {
      var body = {};
      body[textarea.name] = text;
      if (revField) body.draft_rev = Number(revField.value);
      return body;
    }

    function save() {
      timer = null;
      var text = textarea.value;
      if (text === lastSaved || saving) return;
      saving = true;
      fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-csrf-token': tokenField.value },
        body: JSON.stringify(bodyOf(text)),
      })
        .then(function (res) {
          return res.json().then(function (body) {
            if (!res.ok) throw new Error(body && body.error ? body.error : 'not saved');
            lastSaved = text;
            if (revField && typeof body.draftRev === 'number') revField.value = String(body.draftRev);
            status.textContent = 'Saved at ' + body.savedAtLabel + '.' +
              (body.setAside ? ' Another window had saved different text here; it is kept under “Text set aside” when you reload this page.' : '');
          });
        })
        .catch(function (err) {
          status.textContent = 'Your draft could not be saved just now (' + err.message + '). Keep this page open, or use “Save draft”.';
        })
        .then(function () {
          saving = false;
          if (textarea.value !== lastSaved && !timer) timer = setTimeout(save, DELAY_MS);
        });
    }

    textarea.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    });
  }

  document.querySelectorAll('form[data-autosave-url]').forEach(setUp);
})();
