// Citizens and MitID (the municipality's broker; here the test identity
// provider, which signs in whoever the spec names without a screen of its
// own). A citizen signs in with MitID while complaining on a phone, and
// later finds the case on Min sag with MitID and no e-mail link; a person
// with no case here is told so. Every page: axe, no sideways scroll at
// 320 px, screenshots at 390 and 1280 px.
import { test, expect, expectAccessible, screenshot, tabTo, expectNoSidewaysScroll, newPerson } from './support.mjs';

const narrow = { width: 320, height: 640 };
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 800 };
const issuer = process.env.OMBUDSFLOW_MITID_ISSUER;

async function checkPage(page, name) {
  await page.setViewportSize(narrow);
  await expectNoSidewaysScroll(page, `mitid ${name}`);
  await expectAccessible(page, `mitid ${name} at 320 px`);
  await page.setViewportSize(wide);
  await expectAccessible(page, `mitid ${name} at 1280 px`);
  await screenshot(page, `mitid-${name}-1280`);
  await page.setViewportSize(phone);
  await screenshot(page, `mitid-${name}-390`);
}

// The broker's test controls: who exists, who signs in next.
async function broker(path, body) {
  const answer = await fetch(`${issuer}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(answer.status).toBe(204);
}

test('a citizen complains with MitID on a phone, and finds the case again on Min sag with MitID', async ({ browser }) => {
  test.setTimeout(180_000);
  await broker('/test/accounts', { sub: 'mitid-karen', email: '', name: 'Karen Mitidsen' });
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/klage/forvaltning');
  await page.getByLabel('Børne- og Ungdomsforvaltningen').check();
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByLabel('Skriv kort, hvad klagen handler om').fill('Pladsanvisning');
  await page.getByLabel('Hvad skete der?').fill('Vi har ventet et halvt år på en plads.');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByLabel('Ja, men jeg har ikke fået svar').check();
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(page).toHaveURL(/\/klage\/dokumenter$/);
  await page.getByRole('button', { name: 'Fortsæt' }).click();

  // Who you are: MitID is offered beside the question, and reached with
  // the keyboard.
  await expect(page).toHaveURL(/\/klage\/dig$/);
  await expect(page.getByRole('heading', { name: 'Har du MitID?' })).toBeVisible();
  await checkPage(page, 'about-you');
  await broker('/test/login', { sub: 'mitid-karen' });
  const mitid = page.getByRole('link', { name: 'Log ind med MitID' });
  await tabTo(page, mitid);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/klage\/dig$/);
  await expect(page.getByRole('status')).toHaveText(/Du er logget ind med MitID som Karen Mitidsen\./);
  await expect(page.getByLabel('Dit navn')).toHaveValue('Karen Mitidsen');
  await checkPage(page, 'about-you-signed-in');
  await page.getByLabel('Telefon').fill('12 34 56 78');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(page).toHaveURL(/\/klage\/tjek$/);
  await expect(page.locator('main')).toContainText('Logget ind med MitID');
  await page.getByRole('button', { name: 'Send klagen' }).click();
  await expect(page).toHaveURL(/\/klage\/kvittering$/);
  const number = (await page.locator('.app-case-number').innerText()).trim();

  // Weeks later, on another device: Min sag's door, MitID, the case.
  const later = await newPerson(browser);
  await later.setViewportSize(phone);
  await later.goto('/min-sag');
  await expect(later.getByRole('heading', { name: 'Log ind med MitID' })).toBeVisible();
  await checkPage(later, 'min-sag-door');
  await broker('/test/login', { sub: 'mitid-karen' });
  await later.getByRole('link', { name: 'Log ind med MitID' }).click();
  await expect(later).toHaveURL(/\/min-sag$/);
  await expect(later.locator('main')).toContainText(number);
  await checkPage(later, 'min-sag-case');
  await later.getByRole('link', { name: 'Se alle dine sager' }).click();
  await expect(later.getByRole('heading', { level: 1 })).toHaveText('Dine sager');
  await expect(later.locator('main')).toContainText('Pladsanvisning');
  await checkPage(later, 'cases');
  await later.getByRole('button', { name: `Se sagen ${number}` }).click();
  await expect(later).toHaveURL(/\/min-sag$/);
  await expect(later.locator('main')).toContainText(number);
  await later.getByRole('button', { name: 'Log ud' }).click();
  await later.goto('/min-sag');
  await expect(later.locator('main')).not.toContainText(number);

  // Someone with MitID and no case here is told so, and shown the other way in.
  await broker('/test/accounts', { sub: 'mitid-ole', email: '', name: 'Ole Uden Sag' });
  const stranger = await newPerson(browser);
  await stranger.goto('/min-sag');
  await broker('/test/login', { sub: 'mitid-ole' });
  await stranger.getByRole('link', { name: 'Log ind med MitID' }).click();
  await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('Vi fandt ingen sager');
  await expect(stranger.locator('main')).not.toContainText(number);
  await checkPage(stranger, 'no-cases');

  for (const person of [page, later, stranger]) expect(person.problems).toEqual([]);
});
