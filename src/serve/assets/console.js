// Keyboard for the dfwatch console. Served as a same-origin file under `script-src 'self'`; every
// action it takes is a link or a form the page already has, so the console works without it. It
// never reads or writes crawled text: it only moves a highlight, follows links and presses buttons.
'use strict';

(function () {
  const queue = document.querySelector('#queue tbody');
  const rows = queue ? Array.from(queue.querySelectorAll('tr[data-ref]')) : [];
  let cursor = -1;

  function moveTo(index) {
    if (rows.length === 0) return;
    if (cursor >= 0) rows[cursor].classList.remove('cursor');
    cursor = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[cursor];
    row.classList.add('cursor');
    row.setAttribute('aria-current', 'true');
    row.scrollIntoView({ block: 'nearest' });
    const link = row.querySelector('a.open');
    if (link) link.focus({ preventScroll: true });
  }

  function press(selector) {
    const element = document.querySelector(selector);
    if (!element) return false;
    element.click();
    return true;
  }

  function selectedCount() {
    return document.querySelectorAll('input.pick:checked').length;
  }

  const isField = (element) =>
    element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement || element.isContentEditable;

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof Element && isField(target)) {
      // Escape leaves a field so the keys work again.
      if (event.key === 'Escape') target.blur();
      return;
    }
    let isHandled = true;
    switch (event.key) {
      case 'j':
        moveTo(cursor + 1);
        break;
      case 'k':
        moveTo(cursor - 1);
        break;
      case 'Enter': {
        // Only from the page or the highlighted row: Enter on a focused button or link stays theirs.
        const link = cursor >= 0 ? rows[cursor].querySelector('a.open') : null;
        if (link && (target === document.body || target === link)) link.click();
        else isHandled = false;
        break;
      }
      case 'x':
        if (cursor >= 0) rows[cursor].querySelector('input.pick').click();
        break;
      case 'c':
      case 'f':
      case 's': {
        const decision = { c: 'confirmed', f: 'false_positive', s: 'skip' }[event.key];
        // On the queue, c and f decide the selected rows at once; on a model page, that model.
        if (queue && selectedCount() > 0) isHandled = press(`#bulk button[value="${decision}"]`);
        else isHandled = press(`#decide button[value="${decision}"]`);
        break;
      }
      case 'u':
        isHandled = press('#undo button');
        break;
      case 'n': {
        const note = document.querySelector('textarea[name="note"]');
        if (note) note.focus();
        isHandled = note !== null;
        break;
      }
      case '/': {
        const first = document.querySelector('form.filters select, form.filters input');
        if (first) first.focus();
        isHandled = first !== null;
        break;
      }
      case 'e':
        isHandled = press('a#export-csv');
        break;
      case 'b':
        isHandled = press('a#back');
        break;
      case '[':
        isHandled = press('a[rel="prev"]');
        break;
      case ']':
        isHandled = press('a[rel="next"]');
        break;
      default:
        isHandled = false;
    }
    if (isHandled) event.preventDefault();
  });

  if (rows.length > 0) moveTo(0);
})();
