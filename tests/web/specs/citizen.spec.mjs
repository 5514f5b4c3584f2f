// The citizens' own door: a citizen complains through /klage, as they
// would on a phone, in Danish and in easy Danish, with the keyboard where
// a person would use it. Every page: axe, no sideways scroll at 320 px, a
// screenshot at 390 and at 1280 px. The receipt gives the case number the
// acknowledgement e-mail carries.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, expectAccessible, screenshot, tabTo, expectNoSidewaysScroll, newPerson, signIn } from './support.mjs';

const narrow = { width: 320, height: 640 };
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 800 };

// The citizen form's Danish texts: every error a Danish page shows is one.
const danish = JSON.parse(fs.readFileSync(new URL('../../../templates/citizen/messages/da.json', import.meta.url), 'utf8'));
const danishTexts = Object.values(danish).map((text) => new RegExp(`^${text.split(/\{\w+\}/)
  .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's'));

// The page as a person at 320 px meets it (axe and no sideways scroll),
// and its screenshots at a phone's width and a desktop's.
async function checkPage(page, name) {
  await page.setViewportSize(narrow);
  await expectNoSidewaysScroll(page, `citizen ${name}`);
  await expectAccessible(page, `citizen ${name} at 320 px`);
  await page.setViewportSize(wide);
  await expectAccessible(page, `citizen ${name} at 1280 px`);
  await screenshot(page, `citizen-${name}-1280`);
  await page.setViewportSize(phone);
  await screenshot(page, `citizen-${name}-390`);
}

// A refused page: its errors are Danish texts, each beside its field.
async function expectDanishFieldErrors(page) {
  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  const items = await summary.locator('li a').evaluateAll((links) => links.map((link) => ({
    text: link.innerText.trim(), href: link.getAttribute('href') })));
  expect(items.length).toBeGreaterThan(0);
  for (const { text, href } of items) {
    expect(danishTexts.some((pattern) => pattern.test(text)), `"${text}" is a text of da.json`).toBe(true);
    const control = page.locator(href);
    await expect(control).toBeVisible();
    const described = await control.evaluate((element) => {
      const ids = [element.getAttribute('aria-describedby') ?? '',
        element.closest('fieldset')?.getAttribute('aria-describedby') ?? ''].join(' ');
      return ids.split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.innerText ?? '').join('\n');
    });
    expect(described, `the error beside ${href}`).toContain(text);
  }
}

// The e-mails the test's SMTP receiver has kept for `address`, as text.
function mailsTo(address) {
  const folder = process.env.OMBUDSFLOW_MAIL_FOLDER;
  const found = [];
  for (let n = 1; fs.existsSync(path.join(folder, `${n}.json`)); ++n) {
    const mail = JSON.parse(fs.readFileSync(path.join(folder, `${n}.json`), 'utf8'));
    if (mail.rcptTos.includes(address)) found.push(mail.parts.map((part) => part.text).join('\n'));
  }
  return found;
}

// The newest Min sag link e-mailed to `address` whose e-mail says `says`.
function minSagLink(address, says) {
  const mails = mailsTo(address).filter((text) => text.includes(says));
  const link = mails.length === 0 ? null : mails[mails.length - 1].match(/\/min-sag\/adgang\/[0-9a-f]{64}/);
  return link ? link[0] : null;
}

test('a citizen complains on a phone in Danish, pauses, comes back, and gets a case number by e-mail too', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/klage');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klag til Borgerrådgiveren');
  await checkPage(page, 'start');
  await page.getByRole('link', { name: 'Start klagen' }).click();

  // 1. The department, with the keyboard: Tab to a choice, Space, Enter.
  await expect(page.getByText('Trin 1 af 7')).toBeVisible();
  await checkPage(page, 'department');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(page.locator('h1')).toContainText('Hvilken forvaltning');
  await expectDanishFieldErrors(page);
  await checkPage(page, 'department-error');
  const school = page.getByLabel('Børne- og Ungdomsforvaltningen');
  await expect(page.getByText('Dagtilbud').or(page.getByText('Vuggestuer, børnehaver'))).toBeVisible();
  await tabTo(page, page.getByRole('radio').first());
  await school.focus();
  await page.keyboard.press('Space');
  await expect(school).toBeChecked();
  await page.keyboard.press('Enter');

  // 2. What happened.
  await expect(page).toHaveURL(/\/klage\/hvad-skete$/);
  await checkPage(page, 'what-happened');
  await page.getByLabel('Skriv kort, hvad klagen handler om').fill('Svar på ansøgning om støtte');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expectDanishFieldErrors(page);  // what happened is required
  await expect(page.getByLabel('Skriv kort, hvad klagen handler om')).toHaveValue('Svar på ansøgning om støtte');
  await page.getByLabel('Hvad skete der?').fill('Jeg søgte i august og har ikke hørt noget siden.');
  await page.getByLabel('Hvad ønsker du, der skal ske?').fill('At forvaltningen svarer mig.');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(page).toHaveURL(/\/klage\/svar$/);

  // A pause: the same phone comes back later to the start page.
  await page.goto('/klage');
  await page.getByRole('link', { name: 'Fortsæt, hvor du slap' }).click();
  await expect(page).toHaveURL(/\/klage\/svar$/);
  await page.getByRole('link', { name: 'Tilbage' }).click();
  await expect(page.getByLabel('Hvad skete der?')).toHaveValue('Jeg søgte i august og har ikke hørt noget siden.');
  await page.getByRole('button', { name: 'Fortsæt' }).click();

  // 3. Has the department had the chance to answer?
  await checkPage(page, 'department-answer');
  await page.getByLabel('Ja, men jeg har ikke fået svar').check();
  await page.getByRole('button', { name: 'Fortsæt' }).click();

  // 4. Documents: one added, an error at its field, and one chosen and
  // taken along by "Fortsæt".
  await expect(page).toHaveURL(/\/klage\/dokumenter$/);
  await checkPage(page, 'documents');
  await page.getByLabel('Hvad er det? (frivilligt)').fill('Min ansøgning');
  await page.getByLabel('Vælg fil').setInputFiles({
    name: 'ansoegning.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') });
  await page.getByRole('button', { name: 'Tilføj dokumentet' }).click();
  await expect(page.getByRole('status')).toHaveText('Dokumentet er tilføjet.');
  await expect(page.locator('main')).toContainText('Min ansøgning (ansoegning.pdf)');
  await checkPage(page, 'documents-added');
  await page.getByRole('button', { name: 'Tilføj dokumentet' }).click();
  await expectDanishFieldErrors(page);
  await checkPage(page, 'documents-error');
  await page.getByLabel('Vælg fil').setInputFiles({
    name: 'svar-fra-kommunen.txt', mimeType: 'text/plain', buffer: Buffer.from('Kommunens svar til mig.\n') });
  await page.getByRole('button', { name: 'Fortsæt' }).click();

  // 4. Who you are: one way to reach you at least.
  await expect(page).toHaveURL(/\/klage\/dig$/);
  await checkPage(page, 'about-you');
  await page.getByLabel('Dit navn').fill('Karen Borger');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expectDanishFieldErrors(page);
  await checkPage(page, 'about-you-error');
  await page.getByLabel('E-mail').fill('karen.borger@example.dk');
  await page.getByRole('button', { name: 'Fortsæt' }).click();

  // 5. Needs.
  await expect(page).toHaveURL(/\/klage\/behov$/);
  await checkPage(page, 'needs');
  await page.getByRole('button', { name: 'Fortsæt' }).click();

  // 6. Check, change one answer, send.
  await expect(page).toHaveURL(/\/klage\/tjek$/);
  await expect(page.locator('main')).toContainText('karen.borger@example.dk');
  await expect(page.locator('main')).toContainText('Min ansøgning');
  await expect(page.locator('main')).toContainText('svar-fra-kommunen.txt');
  await checkPage(page, 'check');
  // The honeypot: out of sight and out of the Tab order.
  await expect(page.locator('#website')).toHaveAttribute('tabindex', '-1');
  await expect(page.locator('#website')).not.toBeInViewport();
  await page.getByRole('link', { name: 'Ret Hvad ønsker du, der skal ske?' }).click();
  await page.getByLabel('Hvad ønsker du, der skal ske?').fill('At forvaltningen svarer mig inden jul.');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(page).toHaveURL(/\/klage\/tjek$/);
  await expect(page.locator('main')).toContainText('inden jul');
  await page.getByRole('button', { name: 'Send klagen' }).click();

  // The receipt: the case number and the latest answer date.
  await expect(page).toHaveURL(/\/klage\/kvittering$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vi har modtaget din klage');
  const number = (await page.locator('.app-case-number').innerText()).trim();
  expect(number).toMatch(/^BR-\d{4}-\d{5}$/);
  await expect(page.locator('main')).toContainText(/Du hører fra os senest \d{1,2}\. \S+ \d{4}/);
  await checkPage(page, 'receipt');
  // Sent again (back and send): still one case, the same receipt.
  await page.goBack();
  await page.goto('/klage/kvittering');
  await expect(page.locator('.app-case-number')).toHaveText(number);

  // The acknowledgement e-mail reaches the citizen with the same number,
  // and a link to Min sag.
  await expect.poll(() => mailsTo('karen.borger@example.dk').join('\n'), { timeout: 60_000 }).toContain(number);
  const link = minSagLink('karen.borger@example.dk', number);
  expect(link).not.toBeNull();

  // Min sag: where the case is, in plain words, and the letter.
  await page.goto(link);
  await expect(page).toHaveURL(/\/min-sag$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Min sag');
  await expect(page.locator('.app-case-number')).toHaveText(number);
  await expect(page.locator('main')).toContainText('Vi har modtaget din klage');
  await expect(page.locator('main')).toContainText(/Vi svarer dig senest \d{1,2}\. \S+ \d{4}/);
  await expect(page.getByRole('link', { name: /Vi har modtaget din klage – sag/ })).toBeVisible();
  await checkPage(page, 'min-sag');
  // An empty message is refused in Danish beside the field.
  await page.getByRole('button', { name: 'Send beskeden' }).click();
  await expectDanishFieldErrors(page);
  await checkPage(page, 'min-sag-error');
  // The citizen writes with the keyboard.
  await tabTo(page, page.getByLabel('Skriv til os'));
  await page.keyboard.type('Jeg har fået et brev fra skolen. Skal jeg sende det?');
  await tabTo(page, page.getByRole('button', { name: 'Send beskeden' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Tak. Vi har fået din besked')).toBeVisible();
  await expect(page.locator('.app-message-citizen')).toContainText('Skal jeg sende det?');
  await checkPage(page, 'min-sag-sent');
  // And sends the school's letter as a document.
  await page.getByLabel('Hvad er det for et dokument?').fill('Brev fra skolen');
  await page.getByLabel('Send et dokument').setInputFiles({ name: 'brev.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') });
  await page.getByRole('button', { name: 'Send dokumentet' }).click();
  await expect(page.getByText('Tak. Vi har fået dit dokument.')).toBeVisible();
  await expect(page.locator('.app-file-list').last()).toContainText('Brev fra skolen');
  await checkPage(page, 'min-sag-document');

  // The caseworker answers from the case page, found by its number.
  const office = await newPerson(browser);
  await signIn(office, 'caseworker');
  await office.getByRole('searchbox', { name: 'Søg i alle sager' }).fill(number);
  await office.getByRole('searchbox', { name: 'Søg i alle sager' }).press('Enter');
  await expect(office.getByRole('heading', { name: 'Beskeder med borgeren (Min sag)' })).toBeVisible();
  await expect(office.locator('.app-messages')).toContainText('Skal jeg sende det?');
  await office.locator('#citizen-message-form summary').click();
  await office.getByRole('button', { name: 'Send beskeden' }).click();
  await expect(office.locator('.app-error-summary, [role=alert]').first()).toContainText('Udfyld feltet „Besked til borgeren“');
  await expect(office.locator('#citizen-message-text-error')).toContainText('Udfyld feltet „Besked til borgeren“');
  await office.getByLabel('Besked til borgeren').fill('Ja tak, send brevet her på Min sag eller med posten.');
  await office.getByRole('button', { name: 'Send beskeden' }).click();
  await expect(office.locator('#citizen-message-sent')).toContainText('Beskeden er gemt på sagen');
  await expectAccessible(office, 'the case page with messages to the citizen');
  await office.setViewportSize(phone);
  await expectNoSidewaysScroll(office, 'the case page with messages to the citizen');
  await screenshot(office, 'case-citizen-messages-390');
  expect(office.problems).toEqual([]);
  await office.context().close();

  // The citizen is told by an e-mail that says nothing of the case, and
  // its link shows the answer.
  await expect.poll(() => minSagLink('karen.borger@example.dk', 'Du har fået en ny besked'), { timeout: 30_000 })
    .not.toBeNull();
  const told = mailsTo('karen.borger@example.dk').filter((text) => text.includes('Du har fået en ny besked')).pop();
  expect(told).not.toContain(number);
  expect(told).not.toContain('Karen');
  expect(told).not.toContain('send brevet');
  await page.goto(minSagLink('karen.borger@example.dk', 'Du har fået en ny besked'));
  await expect(page.locator('.app-messages')).toContainText('Ja tak, send brevet');
  await expect(page.locator('.app-messages')).toContainText('Fra Borgerrådgiveren');
  await checkPage(page, 'min-sag-answered');
  // Signing out ends it on this phone.
  await page.getByRole('button', { name: 'Log ud af Min sag' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du er logget ud');
  await checkPage(page, 'min-sag-signed-out');
  await page.goto('/min-sag');
  await expect(page.getByRole('heading', { level: 2, name: 'Få et nyt link' })).toBeVisible();
  await checkPage(page, 'min-sag-door');
  // A new link, asked for with the case number and the address.
  await page.getByRole('button', { name: 'Send mig et nyt link' }).click();
  await expectDanishFieldErrors(page);
  await page.getByLabel('Sagsnummer').fill(number);
  await page.getByLabel('E-mail').fill('karen.borger@example.dk');
  await page.getByRole('button', { name: 'Send mig et nyt link' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tjek din e-mail');
  await checkPage(page, 'min-sag-link-sent');
  await expect.poll(() => minSagLink('karen.borger@example.dk', 'Du har bedt om et nyt link'), { timeout: 30_000 })
    .not.toBeNull();
  await page.goto(minSagLink('karen.borger@example.dk', 'Du har bedt om et nyt link'));
  await expect(page.locator('.app-case-number')).toHaveText(number);
  await page.getByRole('button', { name: 'Log ud af Min sag' }).click();
  // A link that does not work says so, and offers a new one.
  await page.goto(`/min-sag/adgang/${'a'.repeat(64)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Linket virker ikke');
  await checkPage(page, 'min-sag-link-invalid');
  expect(page.problems).toEqual([]);
  await page.context().close();
});

test('a citizen complains in easy Danish without having asked the department, and is told how but may send', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/klage?sprog=da-easy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klag til Borgerrådgiveren');
  await expect(page.locator('main')).toContainText('Er du utilfreds med kommunen?');
  await checkPage(page, 'start-easy');
  await page.getByRole('link', { name: 'Start klagen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hvem i kommunen vil du klage over?');
  await page.getByLabel('Teknik- og Miljøforvaltningen').check();
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByLabel('Skriv en kort overskrift').fill('Skrald bliver ikke hentet');
  await page.getByLabel('Hvad skete der?').fill('Skraldet er ikke hentet i tre uger.');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await checkPage(page, 'department-answer-easy');
  await page.getByLabel('Nej. Ikke endnu').check();
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  // Dialogue first, in plain words, with the department's own mailbox.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Skriv til kommunen først');
  await expect(page.locator('main')).toContainText('klagesager@tmf.kk.dk');
  await checkPage(page, 'dialogue-first-easy');
  await page.getByRole('link', { name: 'Send klagen til os alligevel' }).click();
  await expect(page).toHaveURL(/\/klage\/dokumenter$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Har du papirer om sagen?');
  await checkPage(page, 'documents-easy');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByLabel('Dit navn').fill('Ole Let');
  await page.getByLabel('Telefon').fill('12 34 56 78');
  await page.getByLabel('E-mail').fill('ole.let@example.dk');
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByLabel('Jeg er ordblind. Skriv let dansk til mig').check();
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se dine svar');
  await expect(page.locator('main')).toContainText('klagesager@tmf.kk.dk');
  await checkPage(page, 'check-easy');
  await page.getByRole('button', { name: 'Send klagen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tak. Vi har fået din klage');
  await expect(page.locator('.app-case-number')).toHaveText(/^BR-\d{4}-\d{5}$/);
  await checkPage(page, 'receipt-easy');
  const number = (await page.locator('.app-case-number').innerText()).trim();

  // Min sag in easy Danish, from the acknowledgement's link.
  await expect.poll(() => minSagLink('ole.let@example.dk', number), { timeout: 60_000 }).not.toBeNull();
  await page.goto(minSagLink('ole.let@example.dk', number));
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(page.locator('main')).toContainText('Hvor er din sag nu?');
  await expect(page.locator('main')).toContainText('Vi læser din klage. Så finder vi ud af, hvordan vi kan hjælpe dig.');
  await page.getByLabel('Skriv til os').fill('Skraldet står der stadig.');
  await page.getByRole('button', { name: 'Send beskeden' }).click();
  await expect(page.locator('.app-message-citizen')).toContainText('Skraldet står der stadig.');
  await checkPage(page, 'min-sag-easy');
  expect(page.problems).toEqual([]);
  await page.context().close();
});

test('the form in English, one link from the other languages', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await page.goto('/en/complain');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Complain to the Citizens' Adviser");
  await checkPage(page, 'start-en');
  await page.getByRole('link', { name: 'Start your complaint' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which department do you want to complain about?');
  await checkPage(page, 'department-en');
  // The other languages are one link away, each in its own language.
  await page.getByRole('link', { name: 'Dansk', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hvilken forvaltning vil du klage over?');
  expect(page.problems).toEqual([]);
  await page.context().close();
});
