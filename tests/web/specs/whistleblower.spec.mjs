// The whistleblower channel as its people use it, on a phone and with the
// keyboard: a reporter reports anonymously in Danish, writes down the
// code, comes back another day with code and password, and answers the
// office's question; the caseworker asks from the case page and sees the
// answer; a reporter who gives their name (in easy Danish) is seen by
// name only by the person the ombudsman designated, and that is logged.
// Every page: axe, no sideways scroll at 320 px, screenshots at 390 and
// 1280 px.
import { test, expect, expectAccessible, screenshot, tabTo, expectNoSidewaysScroll, newPerson, signIn } from './support.mjs';

const narrow = { width: 320, height: 640 };
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 800 };
const password = 'grøn cykel under broen';

async function checkPage(page, name) {
  await page.setViewportSize(narrow);
  await expectNoSidewaysScroll(page, `whistleblower ${name}`);
  await expectAccessible(page, `whistleblower ${name} at 320 px`);
  await page.setViewportSize(wide);
  await expectAccessible(page, `whistleblower ${name} at 1280 px`);
  await screenshot(page, `whistleblower-${name}-1280`);
  await page.setViewportSize(phone);
  await screenshot(page, `whistleblower-${name}-390`);
}

// The case page of the case numbered `number`, found by its number.
async function openCase(page, number) {
  await page.getByRole('searchbox', { name: 'Søg i alle sager' }).fill(number);
  await page.getByRole('searchbox', { name: 'Søg i alle sager' }).press('Enter');
  await expect(page.locator('.app-case-number, h1').first()).toBeVisible();
}

test('a whistleblower reports anonymously, comes back with code and password, and answers a question', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/whistleblower');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Whistleblowerordningen');
  await expect(page.locator('main')).toContainText('Vi gemmer ikke din IP-adresse');
  await checkPage(page, 'start');
  await page.getByRole('link', { name: 'Indberet', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Indberet til whistleblowerordningen');
  await checkPage(page, 'report');

  // Sent half done: each error at its field, in Danish, nothing lost.
  await page.getByLabel('Hvad er der sket?').fill('Tilskud til samme leverandør er udbetalt to gange i 2025.');
  await page.getByRole('button', { name: 'Send indberetningen' }).click();
  await expect(page.getByRole('alert')).toContainText('Skriv, hvad det drejer sig om');
  await expect(page.locator('#concerns-error')).toContainText('Skriv, hvad det drejer sig om');
  await expect(page.locator('#password-error')).toContainText('Adgangskoden skal være mindst 12 tegn');
  await expect(page.getByLabel('Hvad er der sket?')).toHaveValue('Tilskud til samme leverandør er udbetalt to gange i 2025.');
  await checkPage(page, 'report-errors');

  // With the keyboard: anonymous is already chosen.
  await expect(page.getByLabel('Nej, jeg vil være anonym')).toBeChecked();
  await tabTo(page, page.getByLabel('Hvad drejer det sig om?'));
  await page.keyboard.type('Dobbelt udbetaling af tilskud');
  await page.getByLabel('Adgangskode', { exact: true }).fill(password);
  await page.getByLabel('Skriv adgangskoden igen').fill(password);
  await tabTo(page, page.getByRole('button', { name: 'Send indberetningen' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tak. Vi har modtaget din indberetning');
  const code = (await page.locator('#wb-code').innerText()).trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.locator('main')).toContainText('Vi bekræfter modtagelsen senest');
  const number = (await page.locator('main').innerText()).match(/BR-\d{4}-\d{5}/)[0];
  await checkPage(page, 'receipt');
  await page.context().close();

  // The caseworker asks a question from the case page.
  const office = await newPerson(browser);
  await signIn(office, 'caseworker');
  await openCase(office, number);
  await expect(office.getByRole('heading', { name: 'Indberetterens identitet' })).toBeVisible();
  await expect(office.locator('main')).toContainText('Indberetteren er anonym.');
  await expect(office.getByRole('heading', { name: 'Beskeder med indberetteren' })).toBeVisible();
  await office.locator('#citizen-message-form summary').click();
  await office.getByLabel('Besked til borgeren').fill('Tak for indberetningen. Ved du, hvilken måned det skete?');
  await office.getByRole('button', { name: 'Send beskeden' }).click();
  await expect(office.locator('#citizen-message-sent')).toContainText('Beskeden er gemt på sagen');
  await expectAccessible(office, 'the case page of a whistleblower report');

  // Another day, another browser: the code as written down, by hand.
  const later = await newPerson(browser);
  await later.setViewportSize(phone);
  await later.goto('/whistleblower');
  await later.getByLabel('Kvitteringskode').fill(code.toLowerCase().replaceAll('-', ' '));
  await later.getByLabel('Adgangskode').fill('forkert adgangskode');
  await later.getByRole('button', { name: 'Log ind' }).click();
  await expect(later.locator('#code-error')).toContainText('Kvitteringskoden eller adgangskoden er forkert');
  await checkPage(later, 'sign-in-refused');
  await later.getByLabel('Adgangskode').fill(password);
  await tabTo(later, later.getByRole('button', { name: 'Log ind' }));
  await later.keyboard.press('Enter');
  await expect(later.getByRole('heading', { level: 1 })).toHaveText('Din indberetning');
  await expect(later.locator('main')).toContainText('Vi har modtaget din indberetning');
  await expect(later.locator('.app-messages')).toContainText('Ved du, hvilken måned det skete?');
  await checkPage(later, 'page');
  await later.getByLabel('Skriv til os').fill('Det var i marts 2025.');
  await later.getByRole('button', { name: 'Send beskeden' }).click();
  await expect(later.locator('.app-message-citizen')).toContainText('Det var i marts 2025.');
  await checkPage(later, 'answered');

  // The caseworker sees the answer and acknowledges the report.
  await office.reload();
  await expect(office.locator('.app-messages')).toContainText('Det var i marts 2025.');
  await office.setViewportSize(phone);
  await expectNoSidewaysScroll(office, 'the case page of a whistleblower report');
  await screenshot(office, 'case-whistleblower-390');
  expect(office.problems).toEqual([]);
  expect(later.problems).toEqual([]);
  await office.context().close();
  await later.context().close();
});

test('a reporter who gives their name in easy Danish is seen by name only by the designated, and it is logged', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/whistleblower?sprog=da-easy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Whistleblowerordningen');
  await expect(page.locator('main')).toContainText('Du må gerne være anonym');
  await checkPage(page, 'start-easy');
  await page.getByRole('link', { name: 'Skriv til os' }).click();
  await page.getByLabel('Hvad handler det om?').fill('Forkert brug af biler');
  await page.getByLabel('Hvad er der sket?').fill('Kommunens biler bliver brugt privat om aftenen.');
  await page.getByLabel('Ja, jeg skriver mit navn').check();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#name-error')).toContainText('Skriv dit navn, eller vælg at være anonym');
  await checkPage(page, 'report-errors-easy');
  await page.getByLabel('Dit navn').fill('Mette Melder');
  await page.getByLabel('Hvordan kan vi kontakte dig?').fill('Telefon 11 22 33 44');
  await page.getByLabel('Adgangskode', { exact: true }).fill(password);
  await page.getByLabel('Skriv adgangskoden igen').fill(password);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tak. Vi har fået det, du skrev');
  await checkPage(page, 'receipt-easy');
  const number = (await page.locator('main').innerText()).match(/BR-\d{4}-\d{5}/)[0];
  await page.context().close();

  // Before anyone is designated, the caseworker is told only that a name was given.
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await openCase(caseworker, number);
  await expect(caseworker.locator('main')).toContainText('Indberetteren har oplyst sin identitet.');
  await expect(caseworker.locator('main')).toContainText('Kun de medarbejdere, borgerrådgiveren har udpeget, kan se den.');
  await expect(caseworker.locator('main')).not.toContainText('Mette Melder');
  await expect(caseworker.getByRole('button', { name: 'Vis identiteten' })).toHaveCount(0);

  // The ombudsman designates the caseworker on the office page.
  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto('/office');
  await expect(ombudsman.getByRole('heading', { name: /Whistleblowerordningen/ })).toBeVisible();
  await ombudsman.getByLabel('Medarbejder').selectOption({ label: 'Test caseworker' });
  await ombudsman.getByRole('button', { name: 'Udpeg' }).click();
  await expect(ombudsman.locator('#whistleblower-designees')).toContainText('Test caseworker');
  await expectAccessible(ombudsman, 'the office page with designations');
  await ombudsman.context().close();

  // Now the caseworker may show it; the case's log says so.
  await caseworker.reload();
  const caseUrl = caseworker.url();
  await tabTo(caseworker, caseworker.getByRole('button', { name: 'Vis identiteten' }));
  await caseworker.keyboard.press('Enter');
  await expect(caseworker.locator('#reporter-identity-shown')).toContainText('Mette Melder');
  await expect(caseworker.locator('#reporter-identity-shown')).toContainText('Telefon 11 22 33 44');
  await expect(caseworker.locator('main')).toContainText('Indberetterens identitet er set');
  await expectAccessible(caseworker, 'the case page with the identity shown');
  await caseworker.setViewportSize(phone);
  await expectNoSidewaysScroll(caseworker, 'the case page with the identity shown');
  await screenshot(caseworker, 'case-whistleblower-identity-390');
  // Loaded again, the name is gone from the page.
  await caseworker.goto(caseUrl);
  await expect(caseworker.locator('main')).not.toContainText('Mette Melder');
  expect(caseworker.problems).toEqual([]);
  await caseworker.context().close();
});

