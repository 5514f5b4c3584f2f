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
