// A complaint taken to a hearing by the caseworker and the ombudsman, then
// the department's workplace: the pending hearing notice, acknowledging
// it, and answering on the complaint points put to it; the case moves on.
import { test, expect, signIn, newPerson, expectAccessible, screenshot, screenshotBoth, expectDanishErrors } from './support.mjs';

// The case is walked from intake to closure across these tests, by the
// caseworker, the ombudsman and the department, each in their own browser.

test.describe.configure({ mode: 'serial' });

let caseUrl;

// Opens the transition's form on the case page, lets `fill` fill it, and
// fires it; expects the case page back in `state`.
async function fire(page, label, fill, state) {
  await page.goto(caseUrl);
  await page.getByRole('link', { name: label, exact: true }).click();
  await fill(page);
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.locator('.app-tag-large')).toHaveText(state);
}

test('the office takes a complaint with two points to a hearing', async ({ page, browser }) => {
  await signIn(page, 'caseworker');
  await page.goto('/intake');
  await page.getByLabel('Brev').check();
  await page.getByLabel('Navn').fill('Jens Hansen');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('jens@example.com');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Afslag på støtte til ekstra undervisning');
  await page.getByLabel('Beskrivelse').fill('Afslaget var ikke begrundet, og jeg blev ikke hørt.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  caseUrl = new URL(page.url()).pathname;
  await page.locator('#answer-yes > summary').click();
  await page.getByRole('button', { name: 'Overvej løsninger', exact: true }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Løsninger overvejes');
  await fire(page, 'Start skriftlig behandling',
    (p) => p.getByLabel('Klagepunkter').fill('Afslaget var ikke begrundet\nBorgeren blev ikke partshørt'),
    'Skriftlig behandling');

  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto(caseUrl);
  await ombudsman.getByRole('link', { name: 'Åbn undersøgelse', exact: true }).click();
  await expectAccessible(ombudsman, 'open investigation form');
  await screenshotBoth(ombudsman, 'transition-investigation');
  for (const label of ['Aktualitet', 'Betydning', 'Kompleksitet', 'Hvad borgeren kan opnå', 'Forbedringspotentiale']) {
    await ombudsman.getByLabel(label, { exact: true }).fill(`${label}: vejet`);
  }
  await ombudsman.getByLabel('1. Afslaget var ikke begrundet').check();
  await ombudsman.getByLabel('2. Borgeren blev ikke partshørt').check();
  await ombudsman.getByRole('button', { name: 'Åbn undersøgelse', exact: true }).click();
  await expect(ombudsman.locator('.app-tag-large')).toHaveText('Høring af forvaltningen');
  expect(ombudsman.problems).toEqual([]);
  await ombudsman.context().close();
});

test('the department reads the hearing and its letter, and answers it on one page', async ({ page }) => {
  test.setTimeout(150_000);  // the letter's PDF is made in the background
  await signIn(page, 'department');
  await expect(page).toHaveURL(/\/department$/);
  await expectAccessible(page, 'department notices');
  await screenshotBoth(page, 'department');
  // The list says what each notice is about, what it is, and by when.
  const pending = page.getByRole('table', { name: 'Afventer jeres kvittering' });
  const row = pending.getByRole('row').filter({ hasText: 'Afslag på støtte til ekstra undervisning' }).first();
  await expect(row).toContainText('Høring');
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^\d{1,2}\. \S+ \d{4}$/);  // the answer's deadline
  await row.getByRole('link', { name: 'Afslag på støtte til ekstra undervisning' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Afslag på støtte til ekstra undervisning');
  await expect(page.locator('.subheading')).toContainText('Høring');
  await expect(page.locator('#notice-respond-by')).toHaveText(/^\d{1,2}\. \S+ \d{4}$/);
  await expect(page.locator('.app-points')).toContainText('Borgeren blev ikke partshørt');
  // Nothing of the citizen reaches the department.
  await expect(page.locator('main')).not.toContainText('Jens Hansen');
  await expectAccessible(page, 'a hearing notice');
  await screenshotBoth(page, 'notice');
  // The hearing letter as sent, to read here and as PDF once the letter job
  // has made it (WeasyPrint, in the background).
  await page.getByText('Læs brevet: Anmodning om udtalelse og sagens akter').click();
  await expect(page.frameLocator('iframe.app-letter-frame').getByText('Borgeren blev ikke partshørt')).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: 'Åbn brevet som PDF' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  const letterPdf = await page.request.get(await page.getByRole('link', { name: 'Åbn brevet som PDF' }).getAttribute('href'));
  expect(letterPdf.headers()['content-type']).toBe('application/pdf');
  expect((await letterPdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Answering is the page's one task: no separate receipt first.
  await expect(page.getByRole('button', { name: 'Kvittér for modtagelsen' })).toHaveCount(0);

  // The department sends the decision the citizen complains about, as a
  // document of the case; the office finds it on the case.
  await page.getByText('Send et dokument').click();
  await page.getByLabel('Fil', { exact: true }).setInputFiles({
    name: 'afgørelse.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await page.getByLabel('Titel', { exact: true }).fill('Afgørelsen om ekstra undervisning');
  await page.getByRole('button', { name: 'Send dokumentet til kontoret' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Dokumentet er gemt' })).toContainText('akt nr.');
  await expect(page.locator('#documents-list')).toContainText('Afgørelsen om ekstra undervisning');
  await expectAccessible(page, 'a hearing notice with a document sent');
  // And its statement, as the letter asked.
  await page.getByText('Send et dokument').click();
  await page.getByLabel('Fil', { exact: true }).setInputFiles({
    name: 'udtalelse.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Udtalelse\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await page.getByLabel('Titel', { exact: true }).fill('Forvaltningens udtalelse');
  await page.getByRole('button', { name: 'Send dokumentet til kontoret' }).click();
  await expect(page.locator('#documents-list')).toContainText('Forvaltningens udtalelse');

  // An empty answer is refused in Danish, beside the field and in a summary
  // that links to it; nothing is recorded, not even the receipt.
  await page.getByRole('button', { name: 'Send svaret' }).click();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#input-department_answer');
  await expect(page.locator('#input-department_answer-error')).toContainText('Udfyld feltet „Forvaltningens svar“');
  await expect(page.getByLabel('Forvaltningens svar')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#notice-state')).toContainText('Afventer kvittering');
  await expectDanishErrors(page);
  await expectAccessible(page, 'a hearing answer refused');
  await page.getByLabel('Forvaltningens svar').fill('Punkt 1: Afslaget burde have været begrundet.\nPunkt 2: Partshøring skete ikke.');
  await page.getByRole('button', { name: 'Send svaret' }).click();
  await expect(page.getByRole('status')).toContainText('Svaret er registreret');
  await expect(page.getByRole('button', { name: 'Send svaret' })).toHaveCount(0);
  // The answer was the receipt too.
  await expect(page.locator('#notice-state')).toContainText('Kvitteret');

  // The department reaches none of the office's pages.
  for (const path of [caseUrl, '/intake']) {
    expect((await page.goto(path)).status(), path).toBe(404);
  }
});

test('the case has moved on to assessment, with the answer in its timeline', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto(caseUrl);
  await expect(page.locator('.app-tag-large')).toHaveText('Vurdering');
  await expect(page.locator('.app-timeline')).toContainText('Registrér forvaltningens svar');
  // The answer itself, verbatim, where the caseworker assesses from.
  const answer = page.locator('.app-timeline-item').filter({ hasText: 'Registrér forvaltningens svar' });
  await expect(answer.locator('dd')).toHaveText('Punkt 1: Afslaget burde have været begrundet.\nPunkt 2: Partshøring skete ikke.');
  // The hearing notice, with the department's acknowledgement.
  const hearing = page.getByRole('table', { name: 'Meddelelser til forvaltningen' }).getByRole('row')
    .filter({ hasText: 'Høring' });
  await expect(hearing).toContainText('BUF');
  await expect(hearing).not.toContainText('Afventer kvittering');
  await expectAccessible(page, 'a case with its notices');
});

// The statement brings new facts: on a phone, the caseworker sends it to the
// citizen with a letter and a deadline, and registers the comments that
// came back by e-mail as a document of the case; the assessment goes on.
test('the caseworker sends the statement to the citizen for comments, then registers them, on a phone', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(caseUrl);
  await page.getByRole('link', { name: 'Send udtalelsen til borgerens kommentarer', exact: true }).click();
  const statement = page.getByRole('group', { name: 'Udtalelsen' });
  await expect(statement.getByRole('radio')).toHaveCount(2);  // the department's two documents
  // What it sends, named before anything is sent.
  await expect(page.locator('main')).toContainText('Udtalelsen til borgerens kommentarer');
  // Without a choice: refused in Danish, beside the group.
  await page.getByRole('button', { name: 'Send udtalelsen til borgerens kommentarer', exact: true }).click();
  await expectDanishErrors(page);
  await expect(page.locator('#input-statement_document-error')).toContainText('Vælg et dokument på sagen under „Udtalelsen“');
  await expect(page.locator('main')).not.toContainText('statement_document');
  await expectAccessible(page, 'the statement form refused');
  await statement.getByRole('radio', { name: /Forvaltningens udtalelse/ }).check();
  await screenshot(page, 'transition-statement-390');
  await page.getByRole('button', { name: 'Send udtalelsen til borgerens kommentarer', exact: true }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Afventer borgerens kommentarer');
  // The letter that took it, in the case's journal; the choice, by its number.
  await expect(page.locator('main')).toContainText('Forvaltningens udtalelse til dine kommentarer');
  const sent = page.locator('.app-timeline-item').filter({ hasText: 'Send udtalelsen til borgerens kommentarer' });
  await expect(sent).toContainText(/Akt nr\. \d+/);

  // The citizen's comments came by e-mail: added to the case, then named.
  await page.locator('#document-upload > summary').click();
  await page.getByLabel('Fil', { exact: true }).setInputFiles({
    name: 'kommentarer.txt', mimeType: 'text/plain', buffer: Buffer.from('Jeg er ikke enig i udtalelsen.\n'),
  });
  await page.getByLabel('Titel', { exact: true }).fill('Borgerens kommentarer til udtalelsen');
  await page.getByLabel('Afsender eller modtager').fill('Borgeren');
  await page.getByRole('button', { name: 'Gem dokumentet' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Dokumentet er gemt' })).toBeVisible();
  await page.getByRole('link', { name: 'Registrér borgerens kommentarer', exact: true }).click();
  await page.getByRole('group', { name: 'Borgerens kommentarer' })
    .getByRole('radio', { name: /Borgerens kommentarer til udtalelsen/ }).check();
  await expectAccessible(page, 'the comments form');
  await page.getByRole('button', { name: 'Registrér borgerens kommentarer', exact: true }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Vurdering');
  // Nothing internal on the way: no step or field by its id.
  await expect(page.locator('main')).not.toContainText('statement_document');
  await expect(page.locator('main')).not.toContainText('comments_document');
});

test('the caseworker assesses both points, drafts a text naming the citizen, cannot send it, and revises it', async ({ page }) => {
  await signIn(page, 'caseworker');
  await fire(page, 'Vurdér klagepunkterne', async (p) => {
    await expectAccessible(p, 'assessment form');
    await screenshotBoth(p, 'transition-assessments');
    for (const number of ['1', '2']) {
      const point = p.locator(`#input-assessments-${number}`);
      await point.getByLabel('Kritik', { exact: true }).check();
      await point.getByLabel('Begrundelse').fill(`Punkt ${number}: forvaltningen overholdt ikke reglerne.`);
    }
    await p.locator('#input-assessments-1').getByLabel(/^Henstilling/).fill('Begrund afslag fremover.');
    await p.getByRole('group', { name: /^KlarRet-temaer/ }).getByLabel('Begrundelse', { exact: true }).check();
  }, 'Klar til offentliggørelse');
  await expect(page.locator('.app-points')).toContainText('Begrund afslag fremover.');
  // Each point's assessment as recorded, in the timeline too.
  const assessed = page.locator('.app-timeline-item').filter({ hasText: 'Vurdér klagepunkterne' });
  await expect(assessed).toContainText('Klagepunkt 1: Kritik. Punkt 1: forvaltningen overholdt ikke reglerne. Henstilling: Begrund afslag fremover.');
  await expect(assessed).toContainText('Klagepunkt 2: Kritik. Punkt 2: forvaltningen overholdt ikke reglerne.');
  await expect(assessed).not.toContainText('CRITICISM');
  await fire(page, 'Skriv udkast til offentliggørelse', async (p) => {
    await p.getByLabel('Overskrift').fill('Afslag uden begrundelse');
    // The text is checked as it is written: the citizen's name is marked
    // before the draft is saved, as the notice and the approval would.
    await p.getByLabel('Tekst til offentliggørelse').fill('Jens Hansen fik afslag på støtte uden en begrundelse.');
    const scan = p.locator('#draft-scan');
    await expect(scan.locator('mark')).toHaveText('Jens Hansen');
    await expect(scan.locator('mark')).toHaveClass(/app-hit-blocks/);
    await expect(scan).toContainText('må ikke offentliggøres uden samtykke');
    // Without the script, the check is a button; what was typed is kept.
    await p.getByRole('button', { name: 'Tjek teksten for personoplysninger' }).click();
    await expect(p.locator('#scan-publication_text mark')).toHaveText('Jens Hansen');
    await expect(p.getByLabel('Tekst til offentliggørelse')).toHaveValue('Jens Hansen fik afslag på støtte uden en begrundelse.');
    await expect(p.getByLabel('Overskrift')).toHaveValue('Afslag uden begrundelse');
    await expect(p.locator('#scan-publication_title mark')).toHaveCount(0);
    await expectAccessible(p, 'a draft checked for personal data');
    // In Danish only: switching the language draws the form afresh, empty.
    await screenshot(p, 'transition-draft-checked');
    await p.getByRole('group', { name: 'Vedrører diskrimination' }).getByLabel('Nej').check();
  }, 'Udkast til offentliggørelse');
  // The notice would carry the citizen's name to the department: refused
  // before anyone presses it, and said why.
  await page.goto(caseUrl);
  const send = page.getByRole('button', { name: 'Send varsel før offentliggørelse', exact: true });
  await expect(send).toBeDisabled();
  await expect(page.locator('main')).toContainText('klagerens navn');
  await fire(page, 'Ret udkastet', async (p) => {
    await p.getByLabel('Overskrift').fill('Afslag uden begrundelse');
    await p.getByLabel('Tekst til offentliggørelse').fill('En borger fik afslag på støtte uden en begrundelse.');
    await expect(p.locator('#draft-scan')).toContainText('Vi fandt ingen personoplysninger.');
    await p.getByRole('group', { name: 'Vedrører diskrimination' }).getByLabel('Nej').check();
  }, 'Udkast til offentliggørelse');
  await fire(page, 'Send varsel før offentliggørelse', async () => {}, 'Afventer forvaltningens modtagelse');
});

test('the ombudsman sees who wrote the draft, cannot approve before receipt, and asks for a revision', async ({ page }) => {
  await signIn(page, 'ombudsman');
  // The ombudsman lands on what waits for approval; the case opens there.
  await page.goto('/');
  await expect(page.getByRole('link', { name: /^Afventer godkendelse/ })).toHaveAttribute('aria-current', 'page');
  await page.locator(`a[href="${caseUrl}/approval"]`).click();
  await expect(page.locator('#draft-title')).toHaveText('Afslag uden begrundelse');
  await expect(page.locator('#draft-text')).toHaveText('En borger fik afslag på støtte uden en begrundelse.');
  await expect(page.locator('#draft-writers')).toContainText('Skrevet og rettet af');
  await expect(page.locator('#draft-writers')).toContainText('en anden');
  await expect(page.locator('#notice-receipts')).toContainText('Afventer kvittering');
  await expect(page.locator('#approve')).toBeDisabled();
  await expect(page.locator('#approve-refusal')).toContainText('ikke bekræftet');
  await expectAccessible(page, 'approval refused before receipt');
  await screenshotBoth(page, 'approval-refused');
  // Revising it himself would keep him from approving: the form says so.
  await page.getByRole('link', { name: /^Ret selv teksten/ }).click();
  await expect(page.locator('#bars-own-approval')).toContainText('kan du ikke godkende den bagefter');
  await expectAccessible(page, 'a revision by an approver');
  await page.goBack();

  // Asking for a correction sends it back to whoever wrote it, with what to
  // correct; without the comment, it says so in Danish beside the field.
  await page.getByRole('button', { name: 'Send udkastet tilbage' }).click();
  await expectDanishErrors(page);
  await page.getByLabel('Hvad skal rettes?').fill('Skriv "hjælp" i stedet for "støtte".');
  await page.getByRole('button', { name: 'Send udkastet tilbage' }).click();
  await expect(page.getByRole('status')).toContainText('Udkastet er sendt tilbage');
  const returned = page.locator('.app-timeline-item').filter({ hasText: 'Sendt tilbage til rettelse' });
  await expect(returned).toContainText('Skriv "hjælp" i stedet for "støtte".');
  await expect(page.locator('#assignee')).toContainText('Test caseworker');
});

test('the caseworker revises the draft and sends the notice again; the department acknowledges it', async ({ page, browser }) => {
  await signIn(page, 'caseworker');
  await fire(page, 'Ret udkastet', async (p) => {
    // The form starts from the draft as it stands: the title on one line,
    // the text, and the answer about discrimination; one word is changed.
    await expect(p.getByLabel('Overskrift')).toHaveValue('Afslag uden begrundelse');
    expect(await p.getByLabel('Overskrift').evaluate((field) => field.tagName)).toBe('INPUT');
    await expect(p.getByLabel('Tekst til offentliggørelse')).toHaveValue('En borger fik afslag på støtte uden en begrundelse.');
    await expect(p.getByRole('group', { name: 'Vedrører diskrimination' }).getByLabel('Nej')).toBeChecked();
    await p.getByLabel('Tekst til offentliggørelse').fill('En borger fik afslag på hjælp uden en begrundelse.');
  }, 'Udkast til offentliggørelse');
  await fire(page, 'Send varsel før offentliggørelse', async () => {}, 'Afventer forvaltningens modtagelse');

  const department = await newPerson(browser);
  await signIn(department, 'department');
  const pending = department.getByRole('table', { name: 'Afventer jeres kvittering' });
  await pending.getByRole('row').filter({ hasText: 'Varsel før offentliggørelse' }).first().getByRole('link').click();
  // The text as it will be published, and the earliest day it may be.
  await expect(department.getByRole('article')).toContainText('En borger fik afslag');
  await expect(department.locator('#notice-publication-date')).toHaveText(/^\d{1,2}\. \S+ \d{4}$/);
  await expectAccessible(department, 'a pre-publication notice');
  await screenshotBoth(department, 'notice-pre-publication');
  // A comment with the receipt: the office reads it before approving.
  await department.getByLabel(/^Bemærkninger til teksten/).fill('Vi foreslår "hjælp" i stedet for "støtte".');
  await department.getByRole('button', { name: 'Kvittér for modtagelsen' }).click();
  await expect(department.locator('#notice-state')).toContainText('Kvitteret');
  await expect(department.locator('#notice-comment')).toHaveText('Vi foreslår "hjælp" i stedet for "støtte".');
  expect(department.problems).toEqual([]);
  await department.context().close();
});

test('the ombudsman approves, and the case closes with the newsletter decision', async ({ page }) => {
  await signIn(page, 'ombudsman');
  await page.goto(`${caseUrl}/approval`);
  await expect(page.locator('#draft-text mark')).toHaveCount(0);
  await expect(page.locator('#notice-receipts')).toContainText('Kvitteret');
  // The department's comment, where the decision is made; it blocks nothing.
  await expect(page.locator('#notice-receipts .app-notice-comment')).toHaveText('Vi foreslår "hjælp" i stedet for "støtte".');
  await expect(page.locator('#approve')).toBeEnabled();
  await expectAccessible(page, 'approval possible');
  await screenshotBoth(page, 'approval');
  await page.getByRole('button', { name: 'Godkend og offentliggør' }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Offentliggjort');
  // A recommendation was made: the case waits for the department's follow-up.
  await fire(page, 'Beslut om nyhedsbrev og afvent opfølgning', async (p) => {
    await p.getByRole('group', { name: 'Med i nyhedsbrevet' }).getByLabel('Nej').check();
    await p.getByLabel(/^Note om nyhedsbrevet/).fill('Ikke egnet til nyhedsbrevet.');
  }, 'Afventer forvaltningens opfølgning');
});

test('the department reports how it followed the recommendation up, and the case closes', async ({ page }) => {
  await signIn(page, 'department');
  const pending = page.getByRole('table', { name: 'Afventer jeres kvittering' });
  await pending.getByRole('row').filter({ hasText: 'Opfølgning på henstilling' }).first().getByRole('link').click();
  await expectAccessible(page, 'a follow-up request');
  // Nothing chosen: the error summary, and nothing recorded.
  await page.getByRole('button', { name: 'Send opfølgningen' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectDanishErrors(page);
  await expectAccessible(page, 'a follow-up refused');
  await page.getByRole('group', { name: 'Er henstillingen fulgt' }).getByLabel('Fulgt', { exact: true }).check();
  await page.getByLabel('Hvad har I gjort').fill('Alle afslag begrundes nu med regler og hovedhensyn.');
  await page.getByRole('button', { name: 'Send opfølgningen' }).click();
  await expect(page.getByRole('status')).toContainText('Opfølgningen er registreret');
  await screenshotBoth(page, 'notice-follow-up');
});

test('the annual report counts the case, prints without the workplace, and the themes link to it', async ({ page }) => {
  await signIn(page, 'ombudsman');
  await page.goto(caseUrl);
  await expect(page.locator('.app-tag-large')).toHaveText('Afsluttet');
  await page.getByRole('link', { name: 'Rapporter' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beretning');
  const buf = page.locator('#departments tbody tr').filter({ hasText: 'Børne- og Ungdomsforvaltningen' });
  await expect(buf).toContainText('100,0 %');  // the one recommendation, complied with
  await expect(page.locator('#chart-compliance svg')).toBeVisible();
  await expect(page.locator('#chart-received svg title')).toHaveText('Klager pr. forvaltning');
  await expectAccessible(page, 'the annual report');
  await screenshotBoth(page, 'report');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('nav').first()).toBeHidden();
  await expect(page.locator('form.report-period')).toBeHidden();
  await expect(page.locator('#departments')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  // A period the office cannot have: the page says what is wrong.
  const refused = await page.goto('/reports?from=2026-12-01&to=2026-01-01');
  expect(refused.status()).toBe(400);
  // The form again, with what was asked and the error in Danish at its
  // field, and in the summary linking to it; no figures.
  await expect(page.getByLabel('Til og med', { exact: true })).toHaveValue('2026-01-01');
  await expect(page.getByLabel('Til og med', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#to-error')).toContainText('Vælg en til-dato, der er samme dag som fra-datoen eller senere');
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#to');
  await expect(page.locator('#departments')).toHaveCount(0);
  expect(await page.locator('main').innerText()).not.toMatch(/is before|from and to/);
  await expectAccessible(page, 'a refused report period');
  await screenshotBoth(page, 'report-period-refused');
  // A day with anything after it is no day: refused, never cut to fit.
  expect((await page.goto('/reports?from=2026-01-01x&to=2026-12-31')).status()).toBe(400);
  await page.goto('/reports');
  await page.getByRole('link', { name: 'KlarRet-temaer i perioden' }).click();
  const theme = page.locator('#theme-begrundelse');
  await expect(theme.getByRole('heading')).toContainText('Begrundelse (1)');
  await expectAccessible(page, 'the KlarRet themes');
  await screenshotBoth(page, 'report-themes');
  await theme.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`${caseUrl}$`));
});

test('the public list shows the statement, and nothing of the citizen or the case', async ({ browser }) => {
  const visitor = await newPerson(browser);
  const response = await visitor.goto('/publications');
  expect(response.headers()['cache-control']).toContain('public');
  const statement = visitor.locator('article').filter({ hasText: 'Afslag uden begrundelse' });
  await expect(statement).toContainText('En borger fik afslag på hjælp uden en begrundelse.');
  const html = await visitor.content();
  expect(html).not.toContain('Jens Hansen');
  expect(html).not.toContain('jens@example.com');
  expect(html).not.toContain(caseUrl.split('/').pop());  // the case's id
  await expectAccessible(visitor, 'public publications');
  await screenshotBoth(visitor, 'publications');
  await visitor.getByRole('link', { name: 'Diskrimination' }).click();
  await expect(visitor.getByText('Der er ingen offentliggjorte udtalelser.')).toBeVisible();
  expect(visitor.problems).toEqual([]);
  await visitor.context().close();
});
