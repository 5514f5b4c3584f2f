// An XSS canary in every field a person types, on every page that shows
// it: it must come out as text. Each page is checked for the canary having
// run (a dialog, window.__xss), for inline scripts, event-handler
// attributes and javascript: links, and for the canary shown as written.
import { test, expect, signIn, newPerson, emailOf, password, mailedPasswordLink } from './support.mjs';

test.describe.configure({ mode: 'serial' });

const canary = `"'><script>window.__xss=1</script><img src=x onerror="window.__xss=1">javascript:window.__xss=1`;
const short = `"'><b onmouseover=alert(1)>`;  // for fields of a few characters

let caseUrl;

async function expectInert(page, where) {
  const ran = await page.evaluate(() => window.__xss);
  expect(ran, `${where}: the canary ran`).toBeUndefined();
  expect(await page.locator('script:not([src])').count(), `${where}: an inline script`).toBe(0);
  expect(await page.locator('[onerror], [onmouseover], [onload]').count(), `${where}: an event handler`).toBe(0);
  expect(await page.locator('a[href^="javascript"], form[action^="javascript"]').count(), `${where}: a javascript: URL`).toBe(0);
}

test.beforeEach(async ({ page }) => {
  page.on('dialog', (dialog) => { throw new Error(`a dialog opened: ${dialog.message()}`); });
});

test('intake fields, shown on the case page and in the queues', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'Telefon' }).check();
  // The name and address differ from the subject and points: the
  // department reads those, and they may not repeat the citizen's name.
  await page.getByLabel('Navn').fill(`Navn"'><svg/onload=alert(2)>`);
  await page.getByRole('textbox', { name: 'E-mail' }).fill('canary@example.com');
  await page.getByRole('textbox', { name: 'Telefon' }).fill(short);
  await page.getByLabel('Postadresse').fill(`Adresse ${canary}`);
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill(canary);
  await page.getByLabel('Beskrivelse').fill(canary);
  // The language is refused (too long or not a tag): the form comes back
  // with every value in it, escaped.
  await page.getByLabel('Sprog, vi skriver til borgeren på').fill(short);
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expectInert(page, 'intake with the canary re-rendered');
  await page.getByLabel('Sprog, vi skriver til borgeren på').fill('da');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  caseUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(canary);
  await expectInert(page, 'case page');
  await page.goto('/?queue=all');
  await expect(page.getByRole('cell', { name: canary }).first()).toBeVisible();
  await expectInert(page, 'queues');
});

test('transition reasons, complaint points and refused forms', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto(caseUrl);
  // The form of a step the first question would take at once, by its address.
  await page.goto(`${caseUrl}/transitions/consider_solutions`);
  // Refused (no answer to the required input): the reason comes back.
  await page.locator('#reason').fill(canary);
  await page.getByRole('button', { name: 'Overvej løsninger' }).click();
  await expect(page.locator('#reason')).toHaveValue(canary);
  await expectInert(page, 'a refused transition form');
  await page.getByRole('group', { name: 'Forvaltningen har svaret' }).getByLabel('Ja').check();
  await page.getByRole('button', { name: 'Overvej løsninger' }).click();
  await expect(page.locator('.app-timeline')).toContainText(canary);
  await expectInert(page, 'the timeline');
  await page.getByRole('link', { name: 'Start skriftlig behandling' }).click();
  await page.getByLabel('Klagepunkter').fill(`${canary}\n${short}`);
  await page.getByRole('button', { name: 'Start skriftlig behandling' }).click();
  await expect(page.locator('.app-points')).toContainText(canary);
  await expectInert(page, 'complaint points');
});

test('paths, queries and the sign-in form', async ({ page }) => {
  const encoded = encodeURIComponent(canary);
  await page.goto(`/sign-in?next=${encodeURIComponent('javascript:window.__xss=1')}`);
  await expectInert(page, 'sign-in with a javascript: next');
  await expect(page.locator('input[name=next]')).toHaveValue('/');
  await page.getByLabel('E-mail').fill(canary);
  await page.getByLabel('Adgangskode').fill('wrong password');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByLabel('E-mail')).toHaveValue(canary);
  await expectInert(page, 'sign-in refused');
  await signIn(page, 'caseworker');
  for (const path of [`/cases/${encoded}`, `/no/such/${encoded}`, `/?queue=${encoded}`,
                      `/?queue=all&department=${encoded}`, `${caseUrl}/transitions/${encoded}`]) {
    await page.goto(path);
    await expectInert(page, path);
  }
});

test('administration and office fields: names, token names, reasons', async ({ page, browser }) => {
  await signIn(page, 'administrator');
  // A deputy whose name is the canary: shown among the people, the
  // tokens' owners and the office's delegations.
  await page.goto('/admin');
  await page.getByLabel('Navn').fill(canary);
  await page.getByLabel('E-mail').fill('canary.deputy@test.example');
  await page.getByLabel('Rolle').selectOption('deputy');
  await page.getByRole('button', { name: 'Opret personen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personen er oprettet');
  await expectInert(page, 'a created person');
  await page.goto(mailedPasswordLink('canary.deputy@test.example'));
  await expectInert(page, 'the set-password page');
  await page.goto('/admin');
  await expect(page.locator('#people')).toContainText(canary);
  await expectInert(page, 'people');
  // Refused (a bad e-mail): the canary comes back in the form.
  await page.getByLabel('Navn').fill(canary);
  await page.getByLabel('E-mail').fill(canary);
  await page.getByRole('button', { name: 'Opret personen' }).click();
  await expect(page.getByLabel('Navn')).toHaveValue(canary);
  await expectInert(page, 'a refused person');

  // A token of the administrator's own, and a system's, named by the canary.
  await page.goto('/me/tokens');
  await page.getByLabel('Hvad nøglen bruges til').fill(canary);
  await page.getByRole('button', { name: 'Udsted nøglen' }).click();
  await expectInert(page, 'an issued token');
  await page.goto('/me/tokens');
  await expect(page.locator('#tokens')).toContainText(canary);
  await expectInert(page, 'my tokens');
  await page.goto('/admin/tokens');
  await page.getByLabel('Systemets navn').fill(canary);
  await page.getByLabel('Forvaltning', { exact: true }).selectOption('TMF');
  await page.getByRole('button', { name: 'Udsted nøglen' }).click();
  await expectInert(page, 'an issued system token');
  await page.goto('/admin/tokens');
  await expect(page.locator('#tokens')).toContainText(canary);
  await expectInert(page, 'tokens');

  await page.goto('/admin/webhooks');
  await page.getByLabel('Forvaltning', { exact: true }).selectOption('TMF');
  await page.getByLabel('Adresse').fill('https://tmf.example/"><script>window.__xss=1</script>');
  await page.getByRole('button', { name: 'Tilføj webhooken' }).click();
  await expectInert(page, 'a webhook URL');
  await page.goto('/admin/webhooks');
  await page.locator('#webhooks').getByRole('link', { name: /TMF/ }).click();
  await page.getByLabel('Begrundelse').fill(canary);
  await page.getByRole('button', { name: 'Slå webhooken fra' }).click();
  await expect(page.locator('main')).toContainText(canary);
  await expectInert(page, 'a disabled webhook');

  const ombudsman = await newPerson(browser);
  ombudsman.on('dialog', (dialog) => { throw new Error(`a dialog opened: ${dialog.message()}`); });
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto('/office');
  await ombudsman.locator('#reason').fill(canary);
  await ombudsman.getByRole('button', { name: 'Stop al offentliggørelse' }).click();
  await expect(ombudsman.locator('#hold-state')).toContainText(canary);
  await expectInert(ombudsman, 'a publication hold');
  await ombudsman.locator('#reason').fill('canary over');
  await ombudsman.getByRole('button', { name: 'Ophæv stoppet' }).click();
  await ombudsman.getByLabel('Stedfortræder').selectOption({ label: canary });
  await ombudsman.getByLabel('Fra og med').fill(canary.slice(0, 10));
  await ombudsman.getByLabel('Til og med').fill('2099-01-01');
  await ombudsman.locator('#delegation-reason').fill(canary);
  await ombudsman.getByRole('button', { name: 'Deleger godkendelsen' }).click();
  await expect(ombudsman.locator('#delegation-reason')).toHaveValue(canary);
  await expectInert(ombudsman, 'a refused delegation');
  await ombudsman.getByLabel('Fra og med').fill('2098-12-01');
  await ombudsman.getByRole('button', { name: 'Deleger godkendelsen' }).click();
  await expect(ombudsman.locator('#delegations')).toContainText(canary);
  await expectInert(ombudsman, 'delegations');
  expect(ombudsman.problems).toEqual([]);
  await ombudsman.context().close();
});
