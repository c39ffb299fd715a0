// Toolkit enhancements: autosave (the draft of a new entry, or the entry being edited) and
// drag-and-drop reordering. Without JavaScript the Save and Move up/down buttons do the same work.
(function () {
  'use strict';

  function csrfToken(el) {
    var form = el.closest('form') || document.querySelector('form');
    var input = form && form.querySelector('input[name="_csrf"]');
    return input ? input.value : '';
  }

  function postJson(url, body, token) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify(body),
    });
  }

  // Autosave: a short pause after typing saves the text to the textarea's data-autosave-url.
  document.querySelectorAll('textarea[data-autosave-url]').forEach(function (textarea) {
    var status = document.getElementById(textarea.id + '-status');
    // The number of the text's save this page last saw; the server sets aside text another window saved since.
    var revField = textarea.form && textarea.form.querySelector('input[name="rev"]');
    var timer = null;
    var lastSaved = textarea.value;
    function say(text) {
      if (status) status.textContent = text;
    }
    var saving = false;
    function save() {
      timer = null;
      var body = textarea.value;
      if (body === lastSaved || saving) return;
      saving = true;
      var sent = revField ? { body: body, rev: Number(revField.value) } : { body: body };
      postJson(textarea.getAttribute('data-autosave-url'), sent, csrfToken(textarea))
        .then(function (res) {
          return res.json().then(function (data) {
            if (!res.ok) throw new Error(data && data.error ? data.error : 'not saved');
            lastSaved = body;
            if (revField && typeof data.rev === 'number') revField.value = String(data.rev);
            say('Saved at ' + data.savedAtLabel + '.' +
              (data.setAside ? ' Another window had saved different text here; it is kept under “Text set aside” in this section of your toolkit.' : ''));
          });
        })
        .catch(function (err) {
          say('Not saved just now (' + err.message + '). Keep this page open, and use the Save button.');
        })
        .then(function () {
          saving = false;
          if (textarea.value !== lastSaved && !timer) timer = setTimeout(save, 1500);
        });
    }
    textarea.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
    // Adding the entry clears the draft on the server; a save still waiting must not bring it back.
    if (textarea.form) {
      textarea.form.addEventListener('submit', function () {
        if (timer) clearTimeout(timer);
        timer = null;
        lastSaved = textarea.value;
      });
    }
  });

  // Drag and drop: reorder entries within one section, then save the whole order at once.
  document.querySelectorAll('ol[data-reorder-url]').forEach(function (list) {
    var dragged = null;
    var items = function () {
      return Array.prototype.slice.call(list.querySelectorAll('li[data-entry-id]'));
    };
    items().forEach(function (item) {
      item.setAttribute('draggable', 'true');
      item.addEventListener('dragstart', function (event) {
        dragged = item;
        item.classList.add('is-dragging');
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', item.getAttribute('data-entry-id'));
      });
      item.addEventListener('dragend', function () {
        item.classList.remove('is-dragging');
        items().forEach(function (i) { i.classList.remove('is-drop-target'); });
        dragged = null;
      });
      item.addEventListener('dragover', function (event) {
        if (!dragged || dragged === item) return;
        event.preventDefault();
        item.classList.add('is-drop-target');
      });
      item.addEventListener('dragleave', function () {
        item.classList.remove('is-drop-target');
      });
      item.addEventListener('drop', function (event) {
        event.preventDefault();
        item.classList.remove('is-drop-target');
        if (!dragged || dragged === item) return;
        var all = items();
        var after = all.indexOf(dragged) < all.indexOf(item);
        list.insertBefore(dragged, after ? item.nextSibling : item);
        var ids = items().map(function (i) { return Number(i.getAttribute('data-entry-id')); });
        var movedId = Number(dragged.getAttribute('data-entry-id'));
        // Reload at the moved entry, where the page says where it went (or, if the order could
        // not be saved, at the section, which says why): numbering and Move buttons match again.
        var reloadAt = function (anchor) {
          history.replaceState(null, '', '#' + (anchor || list.getAttribute('data-status-anchor')));
          window.location.reload();
        };
        postJson(list.getAttribute('data-reorder-url'), { entryIds: ids, movedEntryId: movedId }, csrfToken(list.querySelector('form') || list))
          .then(function (res) {
            return res.json().then(function (data) { reloadAt(res.ok && data ? data.anchor : null); });
          })
          .catch(function () { reloadAt(null); });
      });
    });
  });
})();
