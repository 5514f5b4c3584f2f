// The workplace's own script: starts the design system's components and
// warns before a session ends for lack of activity (DKFDS's "session
// timeout" pattern: a modal some minutes before, with a way to continue).
// Every page works without it.
(function () {
  'use strict';

  function init() {
    if (window.DKFDS) window.DKFDS.init();
    focusFirstAlert();
    watchSession();
    sortableTables();
    scanWhileWriting();
  }

  // A draft's texts are checked for personal data as they are written:
  // the form goes as its check button would send it, nothing is saved, and
  // the check's section takes the answer's content (a live region, so a
  // screen reader hears the result).
  function scanWhileWriting() {
    var form = document.querySelector('form[data-scan-texts]');
    if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
    var timer;
    var sent = 0;
    var pending = null;
    form.addEventListener('input', function (event) {
      if (!event.target.matches('textarea, input[type=text]')) return;
      clearTimeout(timer);
      timer = setTimeout(scan, 800);
    });

    function scan() {
      var body = new URLSearchParams(new FormData(form));
      body.set('_scan', '1');
      var ticket = ++sent;
      // Only the newest check matters: an older one still on its way stops.
      if (pending && window.AbortController) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        signal: pending ? pending.signal : undefined,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString()
      }).then(function (response) { return response.text(); })
        .then(function (html) {
          if (ticket !== sent) return;  // a later check is on its way
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('draft-scan');
          var current = document.getElementById('draft-scan');
          if (fresh && current) current.innerHTML = fresh.innerHTML;
        })
        .catch(function () { /* the check button still works */ });
    }
  }

  // The case list's columns sort the rows on the page (after MoJ's
  // sortable table, with DKFDS's aria-sort headers): each header becomes
  // a button; a cell's data-sort, when it has one, is what sorts.
  function sortableTables() {
    var tables = document.querySelectorAll('table.app-sortable');
    Array.prototype.forEach.call(tables, function (table) {
      var headers = table.querySelectorAll('thead th');
      Array.prototype.forEach.call(headers, function (header, column) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'app-sort';
        while (header.firstChild) button.appendChild(header.firstChild);
        header.appendChild(button);
        header.setAttribute('aria-sort', 'none');
        button.addEventListener('click', function () {
          var ascending = header.getAttribute('aria-sort') !== 'ascending';
          Array.prototype.forEach.call(headers, function (other) { other.setAttribute('aria-sort', 'none'); });
          header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
          sortRows(table.tBodies[0], column, ascending);
        });
      });
    });
  }

  function sortRows(body, column, ascending) {
    var lang = document.documentElement.lang;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = sortKey(a.cells[column]).localeCompare(sortKey(b.cells[column]), lang, { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function sortKey(cell) {
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
  }

  // After a refused form, move focus to what says why.
  function focusFirstAlert() {
    var alert = document.querySelector('.app-conflict, .app-error-summary');
    if (alert) alert.focus();
  }

  function watchSession() {
    var idle = parseInt(document.body.getAttribute('data-session-idle-seconds') || '', 10);
    var element = document.getElementById('session-timeout');
    if (!idle || !element || !window.DKFDS) return;
    var modal = new window.DKFDS.Modal(element);
    modal.init();
    var warnBefore = Math.min(120, Math.floor(idle / 2));
    var warnTimer, endTimer;

    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(function () { modal.show(); }, (idle - warnBefore) * 1000);
      endTimer = setTimeout(function () {
        window.location.assign('/sign-in?next=' + encodeURIComponent(window.location.pathname));
      }, idle * 1000);
    }

    document.getElementById('session-continue').addEventListener('click', function () {
      // Any request with the session counts as activity.
      fetch('/v1/sessions/current', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) throw new Error('signed out');
          return response.text();  // read to the end, so leaving the page aborts nothing
        })
        .then(function () {
          modal.hide();
          schedule();
        })
        .catch(function () {
          window.location.assign('/sign-in?next=' + encodeURIComponent(window.location.pathname));
        });
    });
    schedule();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
