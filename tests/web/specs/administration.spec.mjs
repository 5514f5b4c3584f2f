// Administration and the office's shared state, in the browser:
// - the administrator creates a person, who sets their own password with
//   the one-time link (once); issues a department system's API token that
//   works at once and stops working when revoked; and adds a department's
//   webhook; a caseworker issues and revokes a token of their own;
// - that webhook's receiver answers 410 Gone to the first notice, so the
//   endpoint is disabled and the office is alerted; a caseworker resolves
//   the alert on the office page;
// - the ombudsman holds and releases publication, and delegates approval
//   to the deputy and revokes it; a caseworker sees both and changes none.
import http from 'node:http';
import { test, expect, signIn, newPerson, expectAccessible, screenshot, screenshotBoth, switchLanguage, mailedPasswordLink, expectDanishErrors } from './support.mjs';

test.describe.configure({ mode: 'serial' });

// A department's receiver that has gone away: every delivery gets 410.
let receiver;
let received = 0;
test.beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(410).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

// "YYYY-MM-DD", `days` from today.
// The date `days` from today in the office's time zone (the server's
// default, Europe/Copenhagen): between 23:00 and midnight UTC the office is
// already a day ahead, and "tomorrow" must be the office's tomorrow.
function isoDay(days) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

test('people: a refused form keeps what was typed, then the person is created and sets their own password', async ({ page, browser }) => {
  await signIn(page, 'administrator');
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  // Nobody chooses a password for someone else: the form has no such field.
  await expect(page.getByLabel(/Adgangskode/)).toHaveCount(0);
  await page.getByLabel('Navn').fill('Karen Holm');
  await page.getByLabel('E-mail').fill('not an address');
  await page.getByLabel('Rolle').selectOption('department');
  await page.getByRole('button', { name: 'Opret personen' }).click();
  // In Danish, naming each field, beside it too.
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link', { name: 'Skriv en e-mailadresse i feltet „E-mail“, fx navn@eksempel.dk' }))
    .toHaveAttribute('href', '#email');
  await expect(summary.getByRole('link', { name: 'Vælg et svar under „Forvaltning“' })).toHaveAttribute('href', '#department');
  await expectDanishErrors(page);
  await expect(page.getByLabel('Navn')).toHaveValue('Karen Holm');
  await expectAccessible(page, 'a refused new person');
  await screenshotBoth(page, 'admin-person-refused');

  // The language link came back to the people page, with an empty form.
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByLabel('Navn').fill('Karen Holm');
  await page.getByLabel('E-mail').fill('karen.holm@test.example');
  await page.getByLabel('Rolle').selectOption('department');
  await page.getByLabel('Forvaltning', { exact: true }).selectOption('SUF');
  await page.getByRole('button', { name: 'Opret personen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personen er oprettet');
  // The link went to Karen by e-mail; the administrator never sees it.
  await expect(page.getByRole('status')).toContainText('Vi har sendt et link til personens e-mailadresse');
  const link = mailedPasswordLink('karen.holm@test.example');
  expect(link).toMatch(/^\/set-password\?token=[0-9a-f]{64}$/);
  expect(await page.content()).not.toContain(link.slice(-64));
  await expectAccessible(page, 'a created person and their link');
  await screenshot(page, 'admin-person-created');
  await page.getByRole('link', { name: 'Tilbage til personerne' }).click();
  await expect(page).toHaveURL(/\/admin#people$/);
  await expect(page.locator('#people').getByRole('row').filter({ hasText: 'karen.holm@test.example' }))
    .toContainText('Forvaltning (SUF)');
  expect(await page.content()).not.toContain(link);
  // The same e-mail again is refused as taken.
  await page.getByLabel('Navn').fill('Karen Holm');
  await page.getByLabel('E-mail').fill('karen.holm@test.example');
  await page.getByLabel('Rolle').selectOption('caseworker');
  await page.getByRole('button', { name: 'Opret personen' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#email');

  // Karen, in a browser of her own, chooses her password with the link.
  const karen = await newPerson(browser);
  await karen.goto(link);
  await expect(karen.getByRole('heading', { level: 1 })).toHaveText('Vælg din adgangskode');
  await expect(karen.locator('main')).toContainText('karen.holm@test.example');
  await karen.getByLabel('Ny adgangskode').fill('for kort');
  await karen.getByRole('button', { name: 'Gem adgangskoden' }).click();
  await expect(karen.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#password');
  await expectDanishErrors(karen);
  await expectAccessible(karen, 'a refused password');
  await karen.getByLabel('Ny adgangskode').fill('karens egen lange adgangskode');
  await karen.getByRole('button', { name: 'Gem adgangskoden' }).click();
  await expect(karen.getByRole('status')).toContainText('Din adgangskode er gemt');
  await expectAccessible(karen, 'a password set');
  // One language only: the page answers the form, and the link it came
  // from is used up, so switching language would show the used link.
  await screenshot(karen, 'password-set');
  await karen.getByRole('link', { name: 'Log ind' }).click();
  await karen.getByLabel('E-mail').fill('karen.holm@test.example');
  await karen.getByLabel('Adgangskode').fill('karens egen lange adgangskode');
  await karen.getByRole('button', { name: 'Log ind' }).click();
  await expect(karen).toHaveURL(/\/department$/);
  // The link worked once.
  await karen.goto(link);
  await expect(karen.getByRole('alert')).toContainText('Linket virker ikke');
  expect(karen.problems).toEqual([]);
  await karen.context().close();
});

test('tokens: a system\'s issued once, working at once, refused once revoked; a person issues their own', async ({ page, browser }) => {
  await signIn(page, 'administrator');
  await page.getByRole('link', { name: 'API-nøgler', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/tokens$/);
  // The test's own tokens are listed, never their secrets.
  await expect(page.locator('#tokens')).toContainText('Test caseworker');
  await expect(page.locator('main')).not.toContainText('ofk_');
  // No form issues a person's token, and a system may only be a department.
  await expect(page.getByLabel('Person', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Rolle').locator('option')).toHaveText(['Forvaltning']);
  await expectAccessible(page, 'tokens');
  await screenshotBoth(page, 'tokens');

  // A department system's token without its department is refused.
  await page.getByLabel('Systemets navn').fill('SUF sagssystem');
  await page.getByRole('button', { name: 'Udsted nøglen' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#system-department');
  await expectDanishErrors(page);
  await expect(page.getByLabel('Systemets navn')).toHaveValue('SUF sagssystem');
  await expectAccessible(page, 'a refused token');

  await page.getByLabel('Forvaltning', { exact: true }).selectOption('SUF');
  await page.getByRole('button', { name: 'Udsted nøglen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nøglen er udstedt');
  const token = await page.locator('#issued-secret').inputValue();
  expect(token).toMatch(/^ofk_[0-9a-f]{64}$/);
  await expectAccessible(page, 'an issued token');
  await screenshot(page, 'token-issued');

  const asBearer = { headers: { Authorization: `Bearer ${token}` } };
  expect((await page.request.get('/v1/notices', asBearer)).status()).toBe(200);
  expect((await page.request.get('/v1/complaints', asBearer)).status()).toBe(403);

  // Shown once: the list names it and who issued it, and nowhere is the token itself.
  await page.getByRole('link', { name: 'Tilbage til API-nøglerne' }).click();
  const row = page.locator('#tokens').getByRole('row').filter({ hasText: 'SUF sagssystem' });
  await expect(row).toContainText('Test administrator');
  expect(await page.content()).not.toContain(token);
  await row.getByRole('button', { name: /Tilbagekald/ }).click();
  await expect(row).toContainText('Tilbagekaldt');
  await expect.poll(async () => (await page.request.get('/v1/notices', asBearer)).status()).toBe(401);

  // The same in English: a system's token, shown once, then revoked.
  await switchLanguage(page);
  await page.getByLabel("The system's name").fill('Nightly export');
  await page.getByLabel('Department', { exact: true }).selectOption('KFF');
  await page.getByRole('button', { name: 'Issue the token' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The token is issued');
  await expectAccessible(page, 'an issued token in English');
  await screenshot(page, 'token-issued');
  await page.getByRole('link', { name: 'Back to the API tokens' }).click();
  await page.locator('#tokens').getByRole('row').filter({ hasText: 'Nightly export' }).getByRole('button').click();
  await expect(page.locator('#tokens').getByRole('row').filter({ hasText: 'Nightly export' })).toContainText('Revoked');
  await switchLanguage(page);

  // A caseworker issues a token of their own, signed in, and revokes it.
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await caseworker.getByRole('link', { name: 'Mine API-nøgler' }).click();
  await expect(caseworker).toHaveURL(/\/me\/tokens$/);
  await expect(caseworker.locator('#tokens')).toContainText('test token');
  await expectAccessible(caseworker, 'my tokens');
  await screenshotBoth(caseworker, 'own-tokens');
  await caseworker.getByLabel('Hvad nøglen bruges til').fill('Udtræk til regneark');
  await caseworker.getByRole('button', { name: 'Udsted nøglen' }).click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toHaveText('Nøglen er udstedt');
  const own = await caseworker.locator('#issued-secret').inputValue();
  expect(own).toMatch(/^ofk_[0-9a-f]{64}$/);
  const ownBearer = { headers: { Authorization: `Bearer ${own}` } };
  expect((await caseworker.request.get('/v1/complaints', ownBearer)).status()).toBe(200);
  await caseworker.getByRole('link', { name: 'Tilbage til API-nøglerne' }).click();
  const ownRow = caseworker.locator('#tokens').getByRole('row').filter({ hasText: 'Udtræk til regneark' });
  await ownRow.getByRole('button', { name: /Tilbagekald/ }).click();
  await expect(ownRow).toContainText('Tilbagekaldt');
  await expect.poll(async () => (await caseworker.request.get('/v1/complaints', ownBearer)).status()).toBe(401);
  expect(caseworker.problems).toEqual([]);
  await caseworker.context().close();
});

test('a webhook answering 410 Gone is disabled and the office is alerted', async ({ page, browser }) => {
  await signIn(page, 'administrator');
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page).toHaveURL(/\/admin\/webhooks$/);
  await page.getByLabel('Forvaltning', { exact: true }).selectOption('SUF');
  await page.getByLabel('Adresse').fill('ftp://suf.example/hooks');
  await page.getByRole('button', { name: 'Tilføj webhooken' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#url');
  await expectDanishErrors(page);
  await expectAccessible(page, 'a refused webhook');
  await page.getByLabel('Adresse').fill(`http://127.0.0.1:${receiver.address().port}/notices`);
  await page.getByRole('button', { name: 'Tilføj webhooken' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhooken er tilføjet');
  const secret = await page.locator('#issued-secret').inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
  await expectAccessible(page, 'an added webhook');
  await screenshot(page, 'webhook-added');
  await page.getByRole('link', { name: 'Tilbage til webhooks' }).click();
  await expect(page.locator('#webhooks')).toContainText('SUF');
  await expect(page.locator('main')).not.toContainText(secret);
  expect(await page.content()).not.toContain(secret);
  await screenshotBoth(page, 'webhooks');

  // In English: another department's webhook, added and at once disabled
  // with its reason (it points nowhere real).
  await switchLanguage(page);
  await page.getByLabel('Department', { exact: true }).selectOption('KFF');
  await page.getByLabel('Address').fill('https://kff.example/notices');
  await page.getByRole('button', { name: 'Add the webhook' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The webhook is added');
  await expectAccessible(page, 'an added webhook in English');
  await screenshot(page, 'webhook-added');
  await page.getByRole('link', { name: 'Back to the webhooks' }).click();
  await page.locator('#webhooks').getByRole('link', { name: /KFF/ }).click();
  await page.getByRole('button', { name: 'Disable the webhook' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#reason');
  await page.getByLabel('Reason').fill('A test address');
  await page.getByRole('button', { name: 'Disable the webhook' }).click();
  await expect(page.locator('main')).toContainText('A test address');
  await switchLanguage(page);
  await page.goto('/admin/webhooks');

  // The office takes a complaint about SUF to a hearing: a notice for SUF.
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await caseworker.goto('/intake');
  await caseworker.getByLabel('Brev').check();
  await caseworker.getByLabel('Navn').fill('Ole Berg');
  await caseworker.getByRole('textbox', { name: 'E-mail' }).fill('ole.berg@example.com');
  await caseworker.getByLabel('Forvaltning, klagen drejer sig om').selectOption('SUF');
  await caseworker.getByLabel('Emne').fill('Hjemmehjælpen udeblev');
  await caseworker.getByLabel('Beskrivelse').fill('Ingen kom tre dage i træk.');
  await caseworker.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(caseworker).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  const caseUrl = new URL(caseworker.url()).pathname;
  const caseNumber = (await caseworker.locator('main .subheading').first().textContent()).match(/[A-Z]+-\d{4}-\d+/)[0];
  const fire = async (person, label, fill) => {
    await person.goto(caseUrl);
    await person.getByRole('link', { name: label, exact: true }).click();
    await fill(person);
    await person.getByRole('button', { name: label, exact: true }).click();
    await expect(person).toHaveURL(caseUrl);
  };
  await caseworker.goto(caseUrl);
  await caseworker.locator('#answer-yes > summary').click();
  await caseworker.getByRole('button', { name: 'Overvej løsninger', exact: true }).click();
  await expect(caseworker).toHaveURL(caseUrl);
  await fire(caseworker, 'Start skriftlig behandling', (p) => p.getByLabel('Klagepunkter').fill('Hjælpen udeblev'));
  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await fire(ombudsman, 'Åbn undersøgelse', async (p) => {
    for (const label of ['Aktualitet', 'Betydning', 'Kompleksitet', 'Hvad borgeren kan opnå', 'Forbedringspotentiale']) {
      await p.getByLabel(label, { exact: true }).fill('vejet');
    }
    await p.getByLabel('1. Hjælpen udeblev').check();
  });

  // The receiver answers 410: the endpoint is disabled with the reason,
  // and the delivery shows what happened.
  await expect.poll(() => received, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(async () => {
    await page.reload();
    return page.locator('#webhooks').getByRole('row').filter({ hasText: 'SUF' }).textContent();
  }, { timeout: 30_000 }).toContain('Slået fra');
  await page.locator('#webhooks').getByRole('link', { name: /SUF/ }).click();
  await expect(page.locator('main')).toContainText('410');
  await expect(page.getByRole('button', { name: 'Slå webhooken fra' })).toHaveCount(0);
  await expectAccessible(page, 'a disabled webhook and its deliveries');
  await screenshotBoth(page, 'webhook');

  // The office is alerted, and a caseworker resolves it.
  await caseworker.getByRole('link', { name: 'Kontoret' }).click();
  const alert = caseworker.locator('#alerts').getByRole('row').filter({ hasText: caseNumber });
  await expect(alert).toContainText('findes ikke længere');
  await expectAccessible(caseworker, 'the office with an alert');
  await screenshotBoth(caseworker, 'office');
  await alert.getByRole('button', { name: /Markér som løst/ }).click();
  await expect(caseworker.locator('#alerts').getByRole('row').filter({ hasText: caseNumber })).toHaveCount(0);
  // Caseworkers see the hold and the delegations but change neither.
  await expect(caseworker.getByRole('button', { name: 'Stop al offentliggørelse' })).toHaveCount(0);
  await expect(caseworker.getByRole('button', { name: 'Deleger godkendelsen' })).toHaveCount(0);
  expect(caseworker.problems).toEqual([]);
  expect(ombudsman.problems).toEqual([]);
  await caseworker.context().close();
  await ombudsman.context().close();
});

test('the ombudsman holds publication, delegates approval, and undoes both', async ({ page }) => {
  await signIn(page, 'ombudsman');
  await page.getByRole('link', { name: 'Kontoret' }).click();
  await expect(page.locator('#hold-state')).toContainText('Der er intet stop');

  // A hold needs its reason.
  await page.getByRole('button', { name: 'Stop al offentliggørelse' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#reason');
  await expectAccessible(page, 'a hold without a reason');
  await page.locator('#reason').fill('Kommunen er ramt af et cyberangreb');
  await page.getByRole('button', { name: 'Stop al offentliggørelse' }).click();
  await expect(page.locator('#hold-state')).toContainText('Kommunen er ramt af et cyberangreb');
  await expect(page.locator('#hold-state')).toContainText('Test ombudsman');
  await expectAccessible(page, 'a publication hold');
  await screenshotBoth(page, 'office-hold');
  await page.locator('#reason').fill('Angrebet er afværget');
  await page.getByRole('button', { name: 'Ophæv stoppet' }).click();
  await expect(page.locator('#hold-state')).toContainText('Der er intet stop');

  // A period whose end is not a date is refused, with what was typed kept.
  await page.getByLabel('Stedfortræder').selectOption({ label: 'Test deputy' });
  await page.getByLabel('Fra og med').fill(isoDay(1));
  await page.getByLabel('Til og med').fill('24/12');
  await page.locator('#delegation-reason').fill('Ferie');
  await page.getByRole('button', { name: 'Deleger godkendelsen' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#to');
  await expectDanishErrors(page);
  await expect(page.getByLabel('Fra og med')).toHaveValue(isoDay(1));
  await expectAccessible(page, 'a refused delegation');
  await page.getByLabel('Til og med').fill(isoDay(8));
  await page.getByRole('button', { name: 'Deleger godkendelsen' }).click();
  const delegation = page.locator('#delegations').getByRole('row').filter({ hasText: 'Ferie' });
  await expect(delegation).toContainText('Test deputy');
  await expect(delegation).toContainText('Ikke aktiv');  // it starts tomorrow
  await delegation.getByRole('button', { name: /Tilbagekald/ }).click();
  await expect(delegation).toContainText('Tilbagekaldt');
});
