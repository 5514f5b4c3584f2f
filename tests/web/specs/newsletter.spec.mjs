// The newsletter as its people use it: a reader signs up on a phone (an
// error at its field first) and confirms from the mail; a caseworker
// composes an issue and previews it as the e-mail and as the web page; the
// ombudsman approves and sends it; the reader gets it and leaves from its
// link. Every page: axe, no sideways scroll at 320 px, screenshots.
import {
  test, expect, expectAccessible, mailsTo, newPerson, pageChecker, screenshot, signIn, tabTo,
} from './support.mjs';

const phone = { width: 390, height: 844 };

const checkPage = pageChecker('newsletter');

function linkIn(mail, pattern) {
  for (const part of mail.parts) {
    const found = part.text.match(pattern);
    if (found) return found[1];
  }
  return '';
}

const reader = `laeser-${Date.now()}@example.org`;
const heading = `Nyt fra Borgerrådgiveren ${Date.now() % 100000}`;

test.describe.configure({ mode: 'serial' });

test('a reader signs up on a phone and confirms from the mail, with the keyboard', async ({ browser }) => {
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/nyhedsbrev');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nyhedsbrev fra Borgerrådgiveren');
  await checkPage(page, 'signup');
  await tabTo(page, page.getByLabel('E-mail', { exact: true }));
  await page.keyboard.type(reader);
  await tabTo(page, page.getByRole('button', { name: 'Tilmeld' }));
  await page.keyboard.press('Enter');
  // No consent ticked: said at the box, in Danish, and the address stays.
  await expect(page.getByRole('alert')).toContainText('Sæt kryds for at sige ja til at få nyhedsbrevet');
  await expect(page.locator('#consent-error')).toContainText('Sæt kryds');
  await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue(reader);
  await checkPage(page, 'signup-errors');
  await page.getByRole('alert').getByRole('link').first().click();
  await tabTo(page, page.getByRole('checkbox'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Tilmeld' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se din mail');
  await checkPage(page, 'check-mail');

  await expect.poll(() => mailsTo(reader).length).toBe(1);
  const confirm = linkIn(mailsTo(reader)[0], /https?:\/\/[^/\s]+(\/nyhedsbrev\/bekraeft\/[0-9a-f]{64})/);
  expect(confirm).not.toBe('');
  await page.goto(confirm);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bekræft din tilmelding');
  await checkPage(page, 'confirm');
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du er tilmeldt');
  await checkPage(page, 'confirmed');
  expect(page.problems).toEqual([]);
  await page.context().close();
});

test('a caseworker composes an issue, the ombudsman approves and sends it, and the reader leaves from it', async ({ browser }) => {
  // Three people, ten pages, each checked at two widths.
  test.setTimeout(300_000);
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await caseworker.getByRole('link', { name: 'Formidling' }).first().click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toHaveText('Formidling');
  await expect(caseworker.locator('main')).toContainText('Bekræftede abonnenter');
  await checkPage(caseworker, 'workplace-list');
  // No heading: the error names its field.
  await caseworker.getByRole('button', { name: 'Opret', exact: true }).click();
  await expect(caseworker.getByRole('alert')).toContainText('Overskrift');
  await caseworker.getByLabel('Overskrift').fill(heading);
  await caseworker.getByRole('button', { name: 'Opret', exact: true }).click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toContainText(heading);
  await caseworker.getByLabel('Indledning').fill('Kære læser.\n\nHer er årets første nyt.');
  await caseworker.getByLabel('Punktets overskrift').fill('Svar inden for fristen');
  await caseworker.getByLabel('Punktets tekst').fill('Forvaltningerne svarer nu oftere til tiden.');
  await caseworker.getByRole('button', { name: 'Gem' }).click();
  await expect(caseworker.getByLabel('Punktets overskrift').first()).toHaveValue('Svar inden for fristen');
  await checkPage(caseworker, 'workplace-issue');
  // A caseworker does not approve: the page says who does.
  await expect(caseworker.locator('main')).toContainText('Godkend nummeret: Kun disse kan tage dette skridt:');
  // The previews.
  const email = await caseworker.context().newPage();
  await email.goto(caseworker.url().replace(/#.*$/, '') + '/email');
  await expect(email.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect(email.getByRole('link', { name: 'Afmeld nyhedsbrevet' })).toBeVisible();
  await expectAccessible(email, 'newsletter e-mail preview');
  await screenshot(email, 'newsletter-email-preview');
  await email.goto(caseworker.url().replace(/#.*$/, '') + '/web');
  await expect(email.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect(email.getByRole('status')).toContainText('ikke udgivet endnu');
  await checkPage(email, 'web-preview');
  const issueUrl = caseworker.url().replace(/#.*$/, '');

  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto(issueUrl);
  await ombudsman.getByRole('button', { name: 'Godkend nummeret' }).click();
  await expect(ombudsman.locator('main')).toContainText('Godkendt');
  await ombudsman.getByRole('button', { name: 'Send nummeret' }).click();
  await expect(ombudsman.getByRole('heading', { name: 'Udsendelse' })).toBeVisible();
  await checkPage(ombudsman, 'workplace-sent');

  // The reader has it, and leaves from its link.
  await expect.poll(() => mailsTo(reader).length, { timeout: 15000 }).toBe(2);
  const issue = mailsTo(reader)[1];
  expect(issue.subject).toContain(heading);
  const leave = linkIn(issue, /https?:\/\/[^/\s]+(\/nyhedsbrev\/afmeld\/[0-9a-f]{64})/);
  expect(leave).not.toBe('');
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/nyhedsbrev');
  await page.getByRole('link', { name: new RegExp(heading) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await checkPage(page, 'public-issue');
  await page.goto(leave);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Afmeld nyhedsbrevet');
  await checkPage(page, 'unsubscribe');
  await page.getByRole('button', { name: 'Afmeld' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du er afmeldt');
  await checkPage(page, 'unsubscribed');
  for (const person of [caseworker, email, ombudsman, page]) expect(person.problems ?? []).toEqual([]);
  await caseworker.context().close();
  await ombudsman.context().close();
  await page.context().close();
});
