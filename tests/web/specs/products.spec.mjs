// The office's other products as its people use them: a caseworker keeps
// the press list (errors at their fields first) and writes a press release
// from the office's template to it; the ombudsman approves and sends it; it
// is on the public site. Every page: axe, no sideways scroll at 320 px,
// screenshots.
import { expect, mailsTo, newPerson, pageChecker, signIn, test } from './support.mjs';

const phone = { width: 390, height: 844 };

const checkPage = pageChecker('products');

const stamp = Date.now() % 100000;
const listName = `Pressen ${stamp}`;
const journalist = `journalist-${stamp}@avis.example`;
const heading = `Ventetiderne er for lange ${stamp}`;

test('a caseworker keeps the press list and writes a press release to it; the ombudsman sends it', async ({ browser }) => {
  test.setTimeout(300_000);
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await caseworker.getByRole('link', { name: 'Formidling' }).first().click();
  await caseworker.getByRole('link', { name: /Modtagerlister/ }).click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toHaveText('Modtagerlister');
  await checkPage(caseworker, 'lists');
  // No name: said at the field.
  await caseworker.getByRole('button', { name: 'Opret liste' }).click();
  await expect(caseworker.getByRole('alert')).toContainText('Listens navn');
  await checkPage(caseworker, 'lists-errors');
  await caseworker.getByLabel('Listens navn').fill(listName);
  await caseworker.getByRole('button', { name: 'Opret liste' }).click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toHaveText(listName);
  await caseworker.getByLabel('Navn', { exact: true }).fill('Journalist');
  await caseworker.getByLabel('E-mailadresse').fill('ikke en adresse');
  await caseworker.getByRole('button', { name: 'Tilføj', exact: true }).click();
  await expect(caseworker.getByRole('alert')).toContainText('Skriv en e-mailadresse i feltet „E-mailadresse“');
  await expect(caseworker.getByLabel('Navn', { exact: true })).toHaveValue('Journalist');
  await checkPage(caseworker, 'list-errors');
  await caseworker.getByLabel('E-mailadresse').fill(journalist);
  await caseworker.getByRole('button', { name: 'Tilføj', exact: true }).click();
  await expect(caseworker.locator('#members')).toContainText(journalist);
  await checkPage(caseworker, 'list');

  await caseworker.goto('/newsletters');
  await caseworker.getByLabel('Pressemeddelelse').check();
  await caseworker.getByLabel('Overskrift').fill(heading);
  await caseworker.getByRole('button', { name: 'Opret', exact: true }).click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toContainText(`Pressemeddelelse nr.`);
  // The office's template is the beginning.
  await expect(caseworker.getByLabel('Indledning')).toHaveValue(/Citat fra borgerrådgiveren/);
  await caseworker.getByLabel('Indledning').fill('Borgerrådgiveren har set på ventetiderne.\n\n"Det går for langsomt," siger borgerrådgiveren.');
  await caseworker.getByLabel('Nyhedsbrevets abonnenter').uncheck();
  await caseworker.getByLabel(new RegExp(listName)).check();
  await caseworker.getByRole('button', { name: 'Gem' }).click();
  await expect(caseworker.locator('main')).toContainText(`Sendes til: ${listName}`);
  await checkPage(caseworker, 'press-release');
  const url = caseworker.url().replace(/#.*$/, '');

  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto(url);
  await ombudsman.getByRole('button', { name: 'Godkend pressemeddelelsen' }).click();
  await ombudsman.getByRole('button', { name: 'Send pressemeddelelsen' }).click();
  await expect(ombudsman.getByRole('heading', { name: 'Udsendelse' })).toBeVisible();
  await checkPage(ombudsman, 'press-release-sent');
  await expect.poll(() => mailsTo(journalist).length, { timeout: 15000 }).toBe(1);
  expect(mailsTo(journalist)[0].subject).toContain(heading);

  const reader = await newPerson(browser);
  await reader.goto(await ombudsman.getByRole('link', { name: 'Se den på hjemmesiden' }).getAttribute('href'));
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(heading);
  await checkPage(reader, 'press-release-public');
  for (const person of [caseworker, ombudsman, reader]) {
    expect(person.problems).toEqual([]);
    await person.context().close();
  }
});

test('a citizen answers the satisfaction survey from the link on a phone, with the keyboard', async ({ browser }) => {
  test.setTimeout(180_000);
  const citizen = `borger-${stamp}@example.org`;
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await caseworker.goto('/intake');
  await caseworker.getByRole('radio', { name: 'E-mail' }).check();
  await caseworker.getByLabel('Navn').fill('Tilfreds Borger');
  await caseworker.getByRole('textbox', { name: 'E-mail' }).fill(citizen);
  await caseworker.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await caseworker.getByLabel('Emne').fill('Svar på ansøgning');
  await caseworker.getByLabel('Beskrivelse').fill('Jeg har ikke fået svar.');
  await caseworker.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(caseworker).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  await caseworker.getByRole('link', { name: 'Træk klagen tilbage' }).click();
  await caseworker.locator('#fire').click();
  await expect(caseworker).toHaveURL(/\/cases\/[0-9a-f-]+/);
  let link = '';
  await expect.poll(() => {
    for (const mail of mailsTo(citizen)) {
      for (const part of mail.parts) {
        const found = part.text.match(/https?:\/\/[^/\s]+(\/tilfredshed\/[0-9a-f]{64})/);
        if (found) link = found[1];
      }
    }
    return link;
  }, { timeout: 20000 }).not.toBe('');

  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hvordan oplevede du Borgerrådgiveren?');
  await checkPage(page, 'survey');
  // Sent without an answer: said at the first question, in Danish.
  await page.getByRole('button', { name: 'Send svar' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Vælg et svar på mindst ét spørgsmål');
  await checkPage(page, 'survey-errors');
  await page.getByRole('alert').getByRole('link').first().click();
  await page.getByRole('radio', { name: 'Helt enig / meget tilfreds' }).first().focus();
  await page.keyboard.press('Space');
  await page.getByRole('group', { name: 'Blev du behandlet med respekt?' }).getByRole('radio', { name: 'Overvejende enig / tilfreds' }).check();
  await page.getByRole('button', { name: 'Send svar' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tak for dine svar');
  await checkPage(page, 'survey-thanks');
  // The link answers once.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Linket virker ikke længere');
  for (const person of [caseworker, page]) {
    expect(person.problems).toEqual([]);
    await person.context().close();
  }
});

test('the ombudsman gives the administrator access to look a subscriber up, on a phone; the administrator looks up', async ({ browser }) => {
  test.setTimeout(180_000);
  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.setViewportSize(phone);
  await ombudsman.goto('/newsletters');
  await ombudsman.getByRole('link', { name: 'Abonnenter og adgang til adresserne' }).click();
  await expect(ombudsman.getByRole('heading', { level: 1 })).toHaveText('Nyhedsbrevets abonnenter');
  await checkPage(ombudsman, 'subscribers-ombudsman');
  // Nothing chosen: said at each field, in Danish.
  await ombudsman.getByLabel('Formål').fill('');
  await ombudsman.getByRole('button', { name: 'Giv adgang' }).click();
  await expect(ombudsman.getByRole('alert')).toContainText('Vælg et svar under „Medarbejder“');
  await expect(ombudsman.getByRole('alert')).toContainText('Udfyld feltet „Formål“');
  await checkPage(ombudsman, 'subscribers-errors');
  const administrator = await ombudsman.locator('#user option', { hasText: '(Administrator)' }).first().getAttribute('value');
  await ombudsman.getByLabel('Medarbejder').selectOption(administrator);
  await ombudsman.getByLabel('Formål').fill(`En abonnent har bedt om indsigt ${stamp}`);
  await ombudsman.getByLabel('1 dag').check();
  await ombudsman.getByRole('button', { name: 'Giv adgang' }).click();
  await expect(ombudsman.locator('#grants')).toContainText(`En abonnent har bedt om indsigt ${stamp}`);

  const admin = await newPerson(browser);
  await signIn(admin, 'administrator');
  await admin.setViewportSize(phone);
  await admin.goto('/');
  await admin.getByRole('button', { name: 'Menu', exact: true }).click();
  await admin.getByRole('dialog', { name: 'Menu' }).getByRole('link', { name: 'Abonnenter', exact: true }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Nyhedsbrevets abonnenter');
  await admin.getByLabel('E-mailadresse').fill('ikke en adresse');
  await admin.getByLabel('E-mailadresse').press('Enter');
  await expect(admin.getByRole('alert')).toContainText('Skriv en e-mailadresse i feltet „E-mailadresse“');
  await admin.getByLabel('E-mailadresse').fill(`ingen-${stamp}@example.org`);
  await admin.getByRole('button', { name: 'Slå op' }).click();
  await expect(admin.locator('#answer')).toContainText('står ikke på listen');
  await checkPage(admin, 'subscribers-lookup');

  // The ombudsman ends it, and the administrator sees numbers only.
  await ombudsman.reload();
  const grant = ombudsman.locator('#grants li', { hasText: `${stamp}` });
  await expect(grant).toContainText('givet af');
  await grant.getByRole('button', { name: /Stop adgangen/ }).click();
  await expect(ombudsman.getByText(`En abonnent har bedt om indsigt ${stamp}`)).toHaveCount(0);
  await admin.goto('/newsletters/subscribers');
  await expect(admin.getByRole('button', { name: 'Slå op' })).toHaveCount(0);
  await expect(admin.locator('main')).toContainText('Du kan ikke se abonnenternes adresser');
});
