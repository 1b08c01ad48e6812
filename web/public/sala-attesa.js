/* global document, localStorage, sessionStorage, fetch, location, setTimeout, clearTimeout, setInterval, URLSearchParams */
// The waiting room page: join once, keep the ticket in localStorage (a reload keeps the
// place), poll when the server says, count the estimated wait down between polls, and
// go to the enrollment page with the admission token in sessionStorage once admitted.
'use strict';

(() => {
  const TEXT = {
    it: {
      other: 'English',
      otherLang: 'en',
      title: "Sala d'attesa",
      lead: "Molte persone stanno aderendo in questo momento. Ti facciamo entrare nell'ordine di arrivo, senza perdere nessuno.",
      joining: 'Ti stiamo mettendo in coda…',
      preQueue: (at, n) =>
        `L'adesione apre alle ${at}. Sei in sala d'attesa con altre ${n} persone: all'apertura l'ordine viene estratto a sorte.`,
      waiting: 'Sei in coda. Tieni aperta questa pagina: ti faremo entrare appena è il tuo turno.',
      admitted: 'È il tuo turno! Ti stiamo portando alla pagina di adesione…',
      open: "Non c'è coda: ti stiamo portando alla pagina di adesione…",
      expired: (m) =>
        `Il tuo posto è stato ceduto perché la pagina è rimasta chiusa per più di ${m} minuti. Puoi rientrare in coda.`,
      offline: 'Connessione persa: riprovo tra qualche secondo. Il tuo posto resta valido.',
      badLink: "Il link della sala d'attesa non è valido. Torna alla pagina della campagna.",
      ahead: 'Persone davanti a te',
      wait: 'Attesa stimata',
      rejoin: 'Rientra in coda',
      go: "Vai all'adesione",
      number: (n) => `Il tuo numero in coda: ${n}`,
      lessThanMinute: 'meno di un minuto',
      minutes: (m) => (m === 1 ? 'circa 1 minuto' : `circa ${m} minuti`),
      hours: (h, m) => `circa ${h} ${h === 1 ? 'ora' : 'ore'}${m > 0 ? ` e ${m} min` : ''}`,
      notesTitle: 'Da sapere',
      notes: [
        "<strong>L'ordine di adesione non decide l'ordine di vaccinazione:</strong> gli appuntamenti vengono assegnati per età, a partire dalle persone più anziane. Non c'è fretta.",
        "Chi arriva prima dell'apertura viene messo in ordine a sorte al momento dell'apertura: arrivare prima, o ricaricare la pagina, non dà alcun vantaggio.",
        'Puoi ricaricare la pagina: il tuo posto resta salvato su questo dispositivo.',
        'Se chiudi la pagina per più di qualche minuto, il tuo posto viene ceduto a chi è dietro di te.',
        "Dopo l'invio dei dati riceverai un SMS con un codice e un link: anche se arriva tardi, completa l'adesione senza dover ripetere nulla.",
      ],
    },
    en: {
      other: 'Italiano',
      otherLang: 'it',
      title: 'Waiting room',
      lead: 'Many people are enrolling right now. We let you in in order of arrival, without losing anyone.',
      joining: 'Putting you in line…',
      preQueue: (at, n) =>
        `Enrolment opens at ${at}. You are in the waiting room with ${n} other people: at the opening their order is drawn at random.`,
      waiting: 'You are in line. Keep this page open: we will let you in as soon as it is your turn.',
      admitted: 'It is your turn! Taking you to the enrolment page…',
      open: 'There is no queue: taking you to the enrolment page…',
      expired: (m) =>
        `Your place was given to others because this page was closed for more than ${m} minutes. You can join the line again.`,
      offline: 'Connection lost: trying again in a few seconds. Your place is kept.',
      badLink: 'This waiting-room link is not valid. Go back to the campaign page.',
      ahead: 'People ahead of you',
      wait: 'Estimated wait',
      rejoin: 'Join the line again',
      go: 'Go to enrolment',
      number: (n) => `Your number in line: ${n}`,
      lessThanMinute: 'less than a minute',
      minutes: (m) => (m === 1 ? 'about 1 minute' : `about ${m} minutes`),
      hours: (h, m) => `about ${h} ${h === 1 ? 'hour' : 'hours'}${m > 0 ? ` ${m} min` : ''}`,
      notesTitle: 'Good to know',
      notes: [
        '<strong>The order of enrolment does not decide the order of vaccination:</strong> appointments go by age, oldest first. There is no need to hurry.',
        'Everyone who arrives before the opening is put in a random order at the opening: arriving earlier, or reloading the page, gives no advantage.',
        'You may reload this page: your place is kept on this device.',
        'If you close the page for more than a few minutes, your place goes to the people behind you.',
        'After you send your data you will get an SMS with a code and a link: even if it comes late, it completes your enrolment without typing anything again.',
      ],
    },
  };

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const campaign = params.get('c') || '';
  const ticketKey = `salus.queue.${campaign}`;
  const admissionKey = `salus.admission.${campaign}`;
  let lang = params.get('lang') === 'en' || localStorage.getItem('salus.lang') === 'en' ? 'en' : 'it';
  // What the last answer said; the countdown runs from it between polls.
  let view = { kind: 'joining' };
  let timer = null;
  let failures = 0;
  let lastPoll = 0;

  const t = () => TEXT[lang];
  const fmt = (n) => new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB').format(n);
  const waitText = (seconds) => {
    const minutes = Math.ceil(seconds / 60);
    if (seconds < 60) return t().lessThanMinute;
    if (minutes < 60) return t().minutes(minutes);
    return t().hours(Math.floor(minutes / 60), minutes % 60);
  };

  function render() {
    document.documentElement.lang = lang;
    $('lang').textContent = t().other;
    $('lang').lang = t().otherLang;
    $('title').textContent = t().title;
    $('lead').textContent = t().lead;
    $('notes-title').textContent = t().notesTitle;
    ['note-order', 'note-draw', 'note-reload', 'note-hold', 'note-sms'].forEach((id, i) => {
      $(id).innerHTML = t().notes[i];
    });
    $('ahead-label').textContent = t().ahead;
    $('wait-label').textContent = t().wait;
    $('rejoin').textContent = t().rejoin;
    $('continue').textContent = t().go;
    const message = $('message');
    message.classList.toggle('error', view.kind === 'offline' || view.kind === 'bad');
    $('figures').hidden = view.kind !== 'waiting';
    $('position').hidden = view.kind !== 'waiting';
    $('rejoin').hidden = view.kind !== 'expired';
    $('continue').hidden = view.kind !== 'admitted' && view.kind !== 'open';
    if (view.kind === 'waiting') {
      $('ahead').textContent = fmt(view.ahead);
      $('wait').textContent = waitText(Math.max(0, (view.until - Date.now()) / 1000));
      $('position').textContent = t().number(fmt(view.position));
    }
    if (view.kind === 'preQueue') {
      const at = new Date(view.opensAt).toLocaleTimeString(lang === 'it' ? 'it-IT' : 'en-GB', {
        hour: '2-digit',
        minute: '2-digit',
      });
      message.textContent = t().preQueue(at, fmt(Math.max(0, view.preQueue - 1)));
    } else if (view.kind === 'expired') message.textContent = t().expired(view.holdMinutes);
    else message.textContent = typeof t()[view.kind] === 'string' ? t()[view.kind] : t().joining;
  }

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(poll, seconds * 1000);
  }

  function handle(body) {
    failures = 0;
    if (body.ticket) localStorage.setItem(ticketKey, body.ticket);
    switch (body.state) {
      case 'pre-queue':
        view = { kind: 'preQueue', opensAt: body.opensAt, preQueue: body.preQueue };
        return schedule(body.nextPollSeconds);
      case 'waiting':
        view = {
          kind: 'waiting',
          ahead: body.ahead,
          position: body.position,
          until: Date.now() + body.estimatedWaitSeconds * 1000,
        };
        return schedule(body.nextPollSeconds);
      case 'admitted':
        sessionStorage.setItem(admissionKey, body.admission);
        view = { kind: 'admitted' };
        $('continue').href = body.enrollUrl;
        return setTimeout(() => location.assign(body.enrollUrl), 1500);
      case 'expired':
        localStorage.removeItem(ticketKey);
        view = { kind: 'expired', holdMinutes: body.holdMinutes };
        return undefined;
      default:
        view = { kind: 'open' };
        $('continue').href = body.enrollUrl || `/adesione/${campaign}`;
        return setTimeout(() => location.assign($('continue').href), 1500);
    }
  }

  async function poll() {
    lastPoll = Date.now();
    const ticket = localStorage.getItem(ticketKey);
    try {
      const response = ticket
        ? await fetch(`/api/waitroom/${campaign}/status`, { headers: { 'x-queue-ticket': ticket }, cache: 'no-store' })
        : await fetch(`/api/waitroom/${campaign}/join`, { method: 'POST', cache: 'no-store' });
      if (response.status === 400 && ticket) {
        // A ticket of an older room (or damaged): take a new place.
        localStorage.removeItem(ticketKey);
        return poll();
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      handle(await response.json());
    } catch {
      failures += 1;
      if (view.kind !== 'waiting') view = { kind: 'offline' };
      schedule(Math.min(30, 2 ** failures * 2));
    }
    return render();
  }

  $('lang').addEventListener('click', () => {
    lang = t().otherLang;
    localStorage.setItem('salus.lang', lang);
    render();
  });
  $('rejoin').addEventListener('click', () => {
    view = { kind: 'joining' };
    render();
    void poll();
  });
  // Back to a tab left in the background: ask at once rather than at the next poll.
  document.addEventListener('visibilitychange', () => {
    if (
      document.visibilityState === 'visible' &&
      Date.now() - lastPoll > 5000 &&
      (view.kind === 'waiting' || view.kind === 'preQueue')
    )
      void poll();
  });
  setInterval(() => {
    if (view.kind === 'waiting') render();
  }, 1000);

  if (!/^[a-z0-9-]{3,40}$/.test(campaign)) {
    view = { kind: 'bad' };
    TEXT.it.bad = TEXT.it.badLink;
    TEXT.en.bad = TEXT.en.badLink;
    render();
    return;
  }
  render();
  void poll();
})();
