// Each of the office's people doing their part of one complaint, the way
// they would, counting their clicks: the caseworker from intake through
// the assessment and the draft, the department answering the hearing from
// its list, and the ombudsman approving from the queue. A click is a
// press on a link, a button, a radio button, a checkbox or a choice in a
// list; typing into a field is not one. Nobody types an address: each
// person starts where the workplace puts them when they sign in.
//
// Then every page those people saw, in Danish, is read for what is the
// software's and not theirs: a workflow's id and version, a state's or a
// guard's or a step's id.
import fs from 'node:fs';
import { test, expect, signIn, newPerson } from './support.mjs';

test.describe.configure({ mode: 'serial' });

// Each person's clicks, counted as they are made.
function clicks() {
  const counted = { count: 0 };
  counted.click = async (locator) => { counted.count += 1; await locator.click(); };
  counted.check = async (locator) => { counted.count += 1; await locator.check(); };
  counted.choose = async (select, value) => { counted.count += 1; await select.selectOption(value); };
  return counted;
}

const subject = 'Manglende svar om handicapkørsel';
let caseUrl;
const counts = {};

test('the caseworker registers the complaint, takes it, and sends it to written treatment', async ({ page }) => {
  await signIn(page, 'caseworker');
  const person = clicks();
  await person.click(page.getByRole('link', { name: 'Ny klage' }).first());
  await person.check(page.getByLabel('Brev'));
  await page.getByLabel('Navn').fill('Birte Madsen');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('birte@example.com');
  await person.choose(page.getByLabel('Forvaltning, klagen drejer sig om'), 'BUF');
  await page.getByLabel('Emne').fill(subject);
  await page.getByLabel('Beskrivelse').fill('Jeg søgte om handicapkørsel i maj og har ikke fået svar.');
  await person.click(page.getByRole('button', { name: 'Registrér klagen' }));
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  caseUrl = new URL(page.url()).pathname;
  await person.click(page.getByRole('button', { name: 'Tag sagen' }));
  await expect(page.locator('#assignee')).toContainText('Test caseworker');

  // The first decision is one question; "Ja" leads to considering
  // solutions, which needs nothing more.
  await expect(page.getByRole('heading', { name: 'Har forvaltningen haft mulighed for at svare?' })).toBeVisible();
  await person.click(page.locator('#answer-yes > summary'));
  await person.click(page.getByRole('button', { name: 'Overvej løsninger', exact: true }));
  await expect(page.locator('.app-tag-large')).toHaveText('Løsninger overvejes');

  await person.click(page.getByRole('link', { name: 'Start skriftlig behandling', exact: true }));
  await page.getByLabel('Klagepunkter').fill('Ansøgningen er ikke besvaret\nBorgeren fik ingen kvittering');
  await person.click(page.getByRole('button', { name: 'Start skriftlig behandling', exact: true }));
  await expect(page.locator('.app-tag-large')).toHaveText('Skriftlig behandling');
  counts.caseworker = person.count;
});

test('the ombudsman opens the investigation on both points', async ({ page }) => {
  await signIn(page, 'ombudsman');
  await page.goto(caseUrl);
  await page.getByRole('link', { name: 'Åbn undersøgelse', exact: true }).click();
  // The form says what the step means, in Danish.
  await expect(page.locator('.app-lead')).toContainText('vælg de klagepunkter');
  for (const label of ['Aktualitet', 'Betydning', 'Kompleksitet', 'Hvad borgeren kan opnå', 'Forbedringspotentiale']) {
    await page.getByLabel(label, { exact: true }).fill(`${label}: vejet`);
  }
  await page.getByLabel('1. Ansøgningen er ikke besvaret').check();
  await page.getByLabel('2. Borgeren fik ingen kvittering').check();
  await page.getByRole('button', { name: 'Åbn undersøgelse', exact: true }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Høring af forvaltningen');
});

test('the department answers the hearing from its list in two clicks', async ({ browser }) => {
  // The hearing goes to the department the complaint is about.
  const page = await newPerson(browser);
  await signIn(page, 'department');
  await expect(page).toHaveURL(/\/department$/);
  const person = clicks();
  const pending = page.getByRole('table', { name: 'Afventer jeres kvittering' });
  await person.click(pending.getByRole('link', { name: subject }).first());
  await page.getByLabel('Forvaltningens svar').fill('Punkt 1: Ansøgningen blev overset.\nPunkt 2: Der blev ikke sendt kvittering.');
  await person.click(page.getByRole('button', { name: 'Send svaret' }));
  await expect(page.getByRole('status')).toContainText('Svaret er registreret');
  await expect(page.locator('#notice-state')).toContainText('Kvitteret');
  counts.department = person.count;
  expect(page.problems).toEqual([]);
  await page.context().close();
});

test('the caseworker comes back to the case, assesses both points and drafts the statement', async ({ page }) => {
  await signIn(page, 'caseworker');
  const person = clicks();
  await person.click(page.locator(`a[href="${caseUrl}"]`));
  await expect(page.locator('.app-tag-large')).toHaveText('Vurdering');
  await person.click(page.getByRole('link', { name: 'Vurdér klagepunkterne', exact: true }));
  // The department's answer is on the form it is assessed from.
  await expect(page.locator('main')).toContainText('Punkt 1: Ansøgningen blev overset.');
  for (const number of ['1', '2']) {
    const point = page.locator(`#input-assessments-${number}`);
    await person.check(point.getByLabel('Kritik', { exact: true }));
    await point.getByLabel('Begrundelse').fill(`Punkt ${number}: forvaltningen svarede ikke i tide.`);
  }
  await person.click(page.getByRole('button', { name: 'Vurdér klagepunkterne', exact: true }));
  await expect(page.locator('.app-tag-large')).toHaveText('Klar til offentliggørelse');

  await person.click(page.getByRole('link', { name: 'Skriv udkast til offentliggørelse', exact: true }));
  await page.getByLabel('Overskrift').fill('Ansøgning om kørsel blev ikke besvaret');
  await page.getByLabel('Tekst til offentliggørelse').fill('En borger ventede i et halvt år på svar om handicapkørsel.');
  await person.check(page.getByRole('group', { name: 'Vedrører diskrimination' }).getByLabel('Nej'));
  await person.click(page.getByRole('button', { name: 'Skriv udkast til offentliggørelse', exact: true }));
  await expect(page.locator('.app-tag-large')).toHaveText('Udkast til offentliggørelse');
  counts.caseworker += person.count;

  // Not counted: sending the department the text before publication.
  await page.getByRole('link', { name: 'Send varsel før offentliggørelse', exact: true }).click();
  // The page shows what the department will receive, scanned: nothing marked.
  await expect(page.locator('#notice-preview-publication_title')).toHaveText('Ansøgning om kørsel blev ikke besvaret');
  await expect(page.locator('#notice-preview-publication_text')).toHaveText('En borger ventede i et halvt år på svar om handicapkørsel.');
  await expect(page.locator('.app-notice-preview mark')).toHaveCount(0);
  await page.getByRole('button', { name: 'Send varsel før offentliggørelse', exact: true }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Afventer forvaltningens modtagelse');
});

test('the department acknowledges the text with a comment', async ({ browser }) => {
  const page = await newPerson(browser);
  await signIn(page, 'department');
  const pending = page.getByRole('table', { name: 'Afventer jeres kvittering' });
  await pending.getByRole('row').filter({ hasText: 'Varsel før offentliggørelse' })
    .filter({ hasText: subject }).getByRole('link').click();
  await expect(page.getByRole('article')).toContainText('En borger ventede i et halvt år');
  await page.getByLabel(/^Bemærkninger til teksten/).fill('Sagen er nu besvaret.');
  await page.getByRole('button', { name: 'Kvittér for modtagelsen' }).click();
  await expect(page.locator('#notice-state')).toContainText('Kvitteret');
  expect(page.problems).toEqual([]);
  await page.context().close();
});

test('the ombudsman approves from the queue in two clicks, reading the department\'s comment', async ({ page }) => {
  await signIn(page, 'ombudsman');
  // Signed in, the ombudsman is on what waits for approval.
  await expect(page.getByRole('link', { name: /^Afventer godkendelse/ })).toHaveAttribute('aria-current', 'page');
  const person = clicks();
  await person.click(page.locator(`a[href="${caseUrl}/approval"]`));
  await expect(page.locator('#notice-receipts')).toContainText('Sagen er nu besvaret.');
  await person.click(page.getByRole('button', { name: 'Godkend og offentliggør' }));
  await expect(page.locator('.app-tag-large')).toHaveText('Offentliggjort');
  counts.ombudsman = person.count;
});

test('each person\'s clicks are within what the office set', async () => {
  const line = `clicks: caseworker ${counts.caseworker}, department ${counts.department}, ombudsman ${counts.ombudsman}`;
  console.log(line);
  // Kept with the screenshots, for the figures in a closing note.
  fs.writeFileSync(new URL(`file://${process.env.OMBUDSFLOW_SCREENSHOTS}/clicks.txt`), `${line}\n`);
  expect(counts.caseworker).toBeLessThanOrEqual(18);
  expect(counts.department).toBeLessThanOrEqual(2);
  expect(counts.ombudsman).toBeLessThanOrEqual(2);
});

// Every id a workflow definition gives its states, steps and guards, and
// the workflows' own ids.
function internalNames() {
  const folder = new URL('../../../workflows/', import.meta.url);
  const names = new Set();
  for (const workflow of fs.readdirSync(folder)) {
    if (!fs.statSync(new URL(workflow, folder)).isDirectory()) continue;
    const dir = new URL(`${workflow}/`, folder);
    for (const file of fs.readdirSync(dir).filter((name) => /^v\d+\.textproto$/.test(name))) {
      const text = fs.readFileSync(new URL(file, dir), 'utf8');
      for (const [, name] of text.matchAll(/(?:state|guard)\s*\{\s*name:\s*"(\w+)"/g)) names.add(name);
      for (const [, name] of text.matchAll(/transition\s*\{\s*name:\s*"(\w+)"/g)) names.add(name);
    }
  }
  return [...names];
}

// What a page shows a person: its title, its main text, and the names
// assistive technology reads out.
async function shownText(page) {
  return page.evaluate(() => [
    document.title,
    document.querySelector('main')?.innerText ?? '',
    ...[...document.querySelectorAll('main [aria-label], main [title]')]
      .map((element) => `${element.getAttribute('aria-label') ?? ''} ${element.getAttribute('title') ?? ''}`),
  ].join('\n'));
}

async function expectNoInternalNames(page, names, where) {
  const text = await shownText(page);
  const found = names.filter((name) => new RegExp(`(^|[^\\p{L}_])${name}($|[^\\p{L}_])`, 'u').test(text));
  expect(found, `internal names on ${where}`).toEqual([]);
  expect(text, `a workflow's id and version on ${where}`).not.toMatch(/\b(complaint|own_initiative|discrimination_hotline) v\d/);
}

test('no page these people saw shows a workflow\'s id, a state\'s, a step\'s or a guard\'s', async ({ page, browser }) => {
  const names = internalNames();
  expect(names).toEqual(expect.arrayContaining(['awaiting_notice_receipt', 'approver_authorised', 'guide_to_dialogue']));
  await signIn(page, 'ombudsman');
  const visit = async (path) => {
    await page.goto(path);
    await expectNoInternalNames(page, names, path);
  };
  await visit('/');
  for (const queue of ['mine', 'unassigned', 'department', 'overdue', 'decision', 'approval', 'all']) await visit(`/?queue=${queue}`);
  await visit(caseUrl);
  // Every step the case offers now, as its form.
  const steps = await page.locator('main a[href*="/transitions/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  // Every letter in its journal.
  const letters = await page.locator('#journal a[href*="/letters/"]:not([type])').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  expect(letters.length).toBeGreaterThan(0);
  for (const path of [...steps, ...letters]) await visit(path);
  // A step the case cannot take now, from an old tab.
  await visit(`${caseUrl}/transitions/guide_to_dialogue`);
  await visit('/reports');
  await visit('/workflows');
  const versions = await page.locator('main a[href^="/workflows/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  for (const path of versions) await visit(path);
  await visit('/office');
  await visit('/no-such-page');

  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  for (const path of ['/intake', '/enquiries']) {
    await caseworker.goto(path);
    await expectNoInternalNames(caseworker, names, path);
  }
  await caseworker.context().close();

  const department = await newPerson(browser);
  await signIn(department, 'department');
  await expectNoInternalNames(department, names, '/department');
  const notices = await department.locator('main a[href^="/department/notices/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  for (const path of notices.slice(0, 5)) {
    await department.goto(path);
    await expectNoInternalNames(department, names, path);
  }
  await department.context().close();
});
