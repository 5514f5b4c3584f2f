// The caseworker's and the ombudsman's workplace: signing in, the queues,
// intake, the case page, transitions with typed inputs, a refused
// transition's reason, a version conflict between two browsers, and what
// a department user cannot reach.
import { test, expect, signIn, newPerson, expectAccessible, screenshot, screenshotBoth, switchLanguage, tabTo, emailOf, password, expectDanishErrors } from './support.mjs';

test.describe.configure({ mode: 'serial' });

let caseUrl;

test('sign-in shows a linked error summary, then signs in and out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectAccessible(page, 'sign-in');
  await screenshot(page, 'sign-in');
  await page.getByLabel('E-mail').fill(emailOf('caseworker'));
  await page.getByLabel('Adgangskode').fill('not the password');
  await page.getByRole('button', { name: 'Log ind' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('E-mail eller adgangskode er forkert');
  await expect(summary.getByRole('link')).toHaveAttribute('href', '#email');
  await expectAccessible(page, 'sign-in with errors');
  await screenshot(page, 'sign-in-error');

  await signIn(page, 'caseworker');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sagskøer');
  await page.getByRole('button', { name: 'Log ud' }).first().click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('intake refuses an incomplete complaint with a summary, then registers one', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.getByRole('link', { name: 'Ny klage' }).click();
  await expectAccessible(page, 'intake');
  await screenshot(page, 'intake');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  // Every error in Danish, naming its field by its label, beside the field
  // too; the field is marked, and the summary's link puts focus in it.
  await expect(summary.getByRole('link')).toHaveText([
    'Vælg et svar under „Hvordan kom henvendelsen?“',
    'Udfyld feltet „Navn“',
    'Skriv mindst én måde at nå borgeren på: e-mail, telefon eller adresse',
    'Vælg et svar under „Forvaltning, klagen drejer sig om“',
    'Udfyld feltet „Emne“',
    'Udfyld feltet „Beskrivelse“',
  ]);
  expect(await page.locator('main').innerText()).not.toMatch(/is required|LETTER|language tag/);
  await expect(page.locator('#complainant-name-error')).toContainText('Udfyld feltet „Navn“');
  await expect(page.getByLabel('Navn')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Navn')).toHaveAttribute('aria-describedby', 'complainant-name-error');
  await summary.getByRole('link').first().click();
  await expect(page.getByLabel('Brev')).toBeFocused();
  await expectDanishErrors(page);
  await expectAccessible(page, 'intake with errors');
  await screenshot(page, 'intake-error');

  await page.getByRole('textbox', { name: 'E-mail' }).fill('borger@example.com');
  await page.getByLabel('Brev').check();
  await page.getByLabel('Navn').fill('Karen Borger');
  await page.getByLabel('Har brug for tolk').check();
  await page.getByLabel(/Kan ikke selv føre klagen/).check();
  await page.getByLabel('Sprog, vi skriver til borgeren på').fill('ar');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Svar på ansøgning om fritidsplads');
  await page.getByLabel('Beskrivelse').fill('Jeg har ventet i fire måneder på svar.\nIngen har ringet tilbage.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  caseUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Svar på ansøgning om fritidsplads');
  await expect(page.getByRole('note')).toContainText('Har brug for tolk');
  await expect(page.getByRole('note')).toContainText('Kan ikke selv føre klagen');
  await expect(page.locator('.app-timeline')).toContainText('Klagen er registreret');
  // The workflow by its name; its version only behind "Tekniske oplysninger".
  await expect(page.locator('main')).not.toContainText('complaint v');
  await expect(page.locator('.app-summary').first()).toContainText('Klage');
  // Codes by their names: the department's and the language's.
  await expect(page.locator('main')).toContainText('Børne- og Ungdomsforvaltningen (BUF)');
  await expect(page.getByRole('note')).toContainText('Har brug for tolk (Sprog: arabisk)');
  await expectAccessible(page, 'case page');
  await screenshot(page, 'case');
});

test('a caseworker takes the case; it is then in their queue, and the ombudsman can reassign it', async ({ page, browser }) => {
  await signIn(page, 'caseworker');
  await page.getByRole('link', { name: /^Ikke tildelt/ }).click();
  await expect(page.locator(`a[href="${caseUrl}"]`)).toHaveCount(1);
  await page.goto(caseUrl);
  await page.getByRole('button', { name: 'Tag sagen' }).click();
  await expect(page.locator('#assignee')).toContainText('Test caseworker');
  await expect(page.locator('.app-timeline')).toContainText('Tildelt Test caseworker');
  await page.getByRole('link', { name: 'Sagskøer' }).click();
  await expect(page.getByRole('link', { name: /^Mine sager/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator(`a[href="${caseUrl}"]`)).toHaveCount(1);
  await expectAccessible(page, 'my cases');
  await screenshot(page, 'queues');

  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto(caseUrl);
  await ombudsman.getByLabel('Tildel sagen til').selectOption({ label: 'Test deputy (Stedfortræder)' });
  await ombudsman.getByRole('button', { name: 'Tildel', exact: true }).click();
  await expect(ombudsman.locator('#assignee')).toContainText('Test deputy');
  await expectAccessible(ombudsman, 'case page as the ombudsman');
  await ombudsman.getByLabel('Tildel sagen til').selectOption({ label: 'Test caseworker (Sagsbehandler)' });
  await ombudsman.getByRole('button', { name: 'Tildel', exact: true }).click();
  await expect(ombudsman.locator('#assignee')).toContainText('Test caseworker');
  expect(ombudsman.problems).toEqual([]);
  await ombudsman.context().close();
});

test('a transition fires from a form drawn from its input schema', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto(caseUrl);
  // The form behind the first question's "Ja", by its address: the
  // question takes that step at once, so its form is for a refusal's sake.
  await page.goto(`${caseUrl}/transitions/consider_solutions`);
  await expectAccessible(page, 'transition form');
  await screenshotBoth(page, 'transition');
  // A required input left out: said in Danish, in the summary and beside
  // the field, which is marked; the summary's link puts focus in the field.
  await page.getByRole('button', { name: 'Overvej løsninger' }).click();
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText('Vælg et svar under „Forvaltningen har svaret“');
  await expect(page.locator('#input-department_has_answered-error')).toContainText('Vælg et svar under „Forvaltningen har svaret“');
  await expect(page.locator('#input-department_has_answered-yes')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('group', { name: 'Forvaltningen har svaret' })).toHaveAttribute('aria-describedby', /input-department_has_answered-error/);
  expect(await page.locator('main').innerText()).not.toMatch(/is required|consider_solutions|department_has_answered/);
  await summary.getByRole('link').click();
  await expect(page.locator('#input-department_has_answered-yes')).toBeFocused();
  await expectDanishErrors(page);
  await expectAccessible(page, 'transition form with errors');
  await screenshotBoth(page, 'transition-refused');

  await page.getByRole('group', { name: 'Forvaltningen har svaret' }).getByLabel('Ja').check();
  await page.locator('#reason').fill('Forvaltningen svarede den 3. november.');
  await page.getByRole('button', { name: 'Overvej løsninger' }).click();
  await expect(page).toHaveURL(new RegExp(`${caseUrl}$`));
  await expect(page.locator('.app-tag-large')).toHaveText('Løsninger overvejes');
  await expect(page.locator('.app-timeline')).toContainText('Forvaltningen svarede den 3. november.');

  // Back to the form it came from (the back button, an old tab): the step
  // is gone, and the page says so in Danish with the way back, never an id.
  await page.goBack();
  await page.goBack();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Skridtet kan ikke tages nu');
  await expect(page.locator('main')).toContainText('Sagen kan ikke længere tage dette skridt');
  await expect(page.locator('main')).toContainText('Løsninger overvejes');
  await expect(page.locator('main')).not.toContainText('consider_solutions');
  await expectAccessible(page, 'a step the case cannot take now');
  await screenshotBoth(page, 'step-unavailable');
  await page.getByRole('link', { name: 'Gå til sagen' }).click();
  await expect(page).toHaveURL(new RegExp(`${caseUrl}$`));

  // A phone call: what was agreed is on the case page, verbatim and under
  // its label, with the kind of contact in words.
  await page.getByRole('link', { name: 'Registrér møde eller telefonsamtale' }).click();
  await page.getByRole('group', { name: /^Kontakt/ }).getByLabel('Telefonsamtale').check();
  await page.getByLabel(/^Hvad blev aftalt/).fill('Borgeren ringede.\nVi aftalte, at forvaltningen svarer inden fredag.');
  await page.getByRole('group', { name: /^Tolk bestilt/ }).getByLabel('Ja').check();
  await page.getByRole('button', { name: 'Registrér møde eller telefonsamtale' }).click();
  await expect(page).toHaveURL(new RegExp(`${caseUrl}$`));
  const call = page.locator('.app-timeline-item').filter({ hasText: 'Registrér møde eller telefonsamtale' });
  await expect(call.locator('dt')).toContainText(['Kontakt', 'Hvad blev aftalt', 'Tolk bestilt']);
  await expect(call.locator('dd')).toContainText(['Telefonsamtale', 'Borgeren ringede.\nVi aftalte, at forvaltningen svarer inden fredag.', 'Ja']);
  await expect(call).not.toContainText('phone_call');

  await page.getByRole('link', { name: 'Start skriftlig behandling' }).click();
  await page.getByLabel('Klagepunkter').fill('Sagsbehandlingstiden var for lang\nIngen vejledning om klageadgang');
  await page.getByRole('button', { name: 'Start skriftlig behandling' }).click();
  await expect(page.locator('.app-tag-large')).toHaveText('Skriftlig behandling');
  await expect(page.locator('.app-points li')).toHaveCount(2);
});

test('a letter is previewed in the variant the needs choose, then sent, journalled and readable', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'E-mail' }).check();
  await page.getByLabel('Navn').fill('Ole Ordblind');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('ole@example.com');
  await page.getByLabel(/Let læst dansk/).check();
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Ingen svar om skolebus');
  await page.getByLabel('Beskrivelse').fill('Min søn har ingen skolebus.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  const letterCase = new URL(page.url()).pathname;
  await expect(page.getByRole('note')).toContainText('Breve på let læst dansk');
  // The complaint is the journal's first entry.
  const journal = page.getByRole('table', { name: 'Journal' });
  await expect(journal).toContainText('Klage');

  // The first decision is one question. Each answer shows the steps it
  // leads to, each with the letter it sends, before anything is sent.
  const question = page.locator('#first-question');
  await expect(question.getByRole('heading')).toHaveText('Har forvaltningen haft mulighed for at svare?');
  await expect(page.locator('.app-actions')).not.toContainText('Vejled om dialog');  // asked, not listed
  await question.locator('#answer-no > summary').click();
  const guide = question.locator('#answer-no .app-path').filter({ hasText: 'Vejled om dialog med forvaltningen' });
  await guide.locator('.app-path-letter > summary').click();
  const preview = guide.getByRole('article', { name: 'Tal først med forvaltningen' });
  await expect(preview).toBeVisible();
  await expect(preview).toContainText('Forvaltningen skal have lov at svare dig først.');
  await expect(guide.getByText('til borgeren · let læst dansk · E-mail')).toBeVisible();
  await expect(question.locator('#answer-yes')).not.toHaveAttribute('open', '');
  await expectAccessible(page, 'the first question with a letter preview');
  await screenshotBoth(page, 'first-question');
  await question.locator('#answer-no > summary').click();  // the language switch drew the page afresh

  // Forwarding needs more answers: its form opens with this one given,
  // not asked again, and its letters can be read there.
  await question.locator('#answer-no').getByRole('link', { name: 'Videresend med hjælp' }).click();
  await expect(page.locator('.app-answered')).toContainText('Har forvaltningen haft mulighed for at svare?');
  await expect(page.locator('.app-answered')).toContainText('Nej');
  await expect(page.getByRole('group', { name: 'Forvaltningen har svaret' })).toHaveCount(0);
  const sends = page.locator('#letters-to-send');
  await expect(sends).toContainText('(til borgeren)');
  await expect(page.locator('#citizen-needs')).toContainText('Breve på let læst dansk');
  await page.getByRole('group', { name: 'Borgeren kan ikke selv' }).getByLabel('Ja').check();
  await page.getByRole('group', { name: 'Borgeren har anden hjælp' }).getByLabel('Nej').check();
  await page.getByLabel('Videresendt til forvaltning').fill('BUF');
  await page.getByRole('button', { name: 'Forhåndsvis brevene' }).click();
  await expect(page.locator('.app-letter-preview').first()).toBeVisible();
  // The answer is kept through the preview.
  await expect(page.locator('.app-answered')).toContainText('Nej');
  await expectAccessible(page, 'transition with a letter preview');
  await screenshot(page, 'letter-preview');
  await page.getByRole('link', { name: 'Skift svar' }).click();
  await expect(page).toHaveURL(new RegExp(`${letterCase}#first-question$`));

  await question.locator('#answer-no > summary').click();
  await guide.getByRole('button', { name: 'Vejled om dialog med forvaltningen' }).click();
  await expect(page).toHaveURL(new RegExp(`${letterCase}$`));
  await expect(page.locator('.app-tag-large')).toHaveText('Afventer dialog med forvaltningen');

  // Journalled, and the letter itself is one click away.
  const letter = { name: 'Tal først med forvaltningen', exact: true };
  await expect(journal.getByRole('link', letter)).toBeVisible();
  await expectAccessible(page, 'case page with its journal');
  // The PDF as archived and sent opens from the journal once the letter
  // job has made it (WeasyPrint, in the background).
  const pdfLink = journal.getByRole('link', { name: 'PDF Tal først med forvaltningen' });
  await expect(async () => {
    await page.reload();
    await expect(pdfLink).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  const pdf = await page.request.get(await pdfLink.getAttribute('href'));
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await journal.getByRole('link', letter).click();
  // The letter's page: the letter as sent in its frame, its PDF, and the
  // way back to its case.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tal først med forvaltningen');
  const sent = page.frameLocator('iframe.app-letter-frame');
  await expect(sent.locator('html')).toHaveAttribute('lang', 'da');
  await expect(sent.getByText('Kære Ole Ordblind')).toBeVisible();
  const letterPdf = await page.request.get(await page.getByRole('link', { name: 'Åbn brevet som PDF' }).getAttribute('href'));
  expect(letterPdf.headers()['content-type']).toBe('application/pdf');
  await expectAccessible(page, 'a letter');
  await screenshotBoth(page, 'letter');
  await page.getByRole('link', { name: 'Tilbage til sagen' }).click();
  await expect(page).toHaveURL(new RegExp(`${letterCase}$`));
});

test('a referral chooses a body from the registry, says why, and the letter gives its contact', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'Brev' }).check();
  await page.getByLabel('Navn').fill('Rasmus Henvist');
  await page.getByLabel('Postadresse').fill('Nørregade 7\n1165 København K');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Afslag på tabt arbejdsfortjeneste');
  await page.getByLabel('Beskrivelse').fill('Jeg er uenig i afgørelsen.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  const referredCase = new URL(page.url()).pathname;

  await page.getByRole('link', { name: 'Henvis til anden myndighed' }).click();
  const bodies = page.getByRole('group', { name: 'Henvist til' });
  // Every body of the registry, each with what it handles.
  await expect(bodies.getByRole('radio')).toHaveCount(14);
  const board = bodies.getByRole('radio', { name: 'Ankestyrelsen', exact: true });
  await expect(board).toHaveAccessibleDescription(/sociale ydelser/);
  await expectAccessible(page, 'referral form with the registry');
  await board.check();
  await page.getByLabel('Hvorfor netop dér').fill('Afgørelsen om tabt arbejdsfortjeneste kan Ankestyrelsen tage stilling til.');
  await page.locator('#reason').fill('Uden for kommunens område.');
  await page.getByRole('button', { name: 'Forhåndsvis brevene' }).click();
  const preview = page.getByRole('article', { name: /anden myndighed/ });
  await expect(preview).toContainText('Du kan i stedet kontakte Ankestyrelsen.');
  await expect(preview).toContainText('Telefon: +45 33 41 12 00');
  await expect(bodies.getByRole('radio', { name: 'Ankestyrelsen', exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Henvis til anden myndighed' }).click();
  await expect(page).toHaveURL(new RegExp(`${referredCase}$`));
  await expect(page.locator('.app-tag-large')).toHaveText('Henvist');
  await expect(page.locator('#referral')).toHaveText('Ankestyrelsen (klagenævn)');
  // Why, in the case's summary and as recorded in the timeline.
  await expect(page.locator('#referral-reason')).toHaveText('Afgørelsen om tabt arbejdsfortjeneste kan Ankestyrelsen tage stilling til.');
  await expect(page.locator('.app-timeline-item').filter({ hasText: 'Henvis til anden myndighed' }))
    .toContainText('Afgørelsen om tabt arbejdsfortjeneste kan Ankestyrelsen tage stilling til.');
});

test('a Facebook enquiry is registered without personal data and answered with the guidance, never as a case', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.getByRole('link', { name: 'Sociale medier' }).click();
  await expect(page).toHaveURL(/\/enquiries$/);
  await expectAccessible(page, 'social-media enquiries');
  // Personal data in the topic: refused, named, and kept for correcting.
  await page.getByRole('radio', { name: 'Facebook' }).check();
  await page.getByLabel('Hvad handlede den om?').fill('Mads Hansen, 010203-1234, vil klage over parkering');
  await page.getByRole('button', { name: 'Registrér og vis svaret' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Skriv, hvad henvendelsen handlede om, uden navne, CPR-numre eller kontaktoplysninger');
  await expectDanishErrors(page);
  await expect(page.getByRole('radio', { name: 'Facebook' })).toBeChecked();
  await expectAccessible(page, 'social-media enquiry refused');
  await summary.getByRole('link').first().click();
  await expect(page.getByLabel('Hvad handlede den om?')).toBeFocused();

  await page.getByLabel('Hvad handlede den om?').fill('Parkering ved Rådhusskolen');
  await page.getByRole('button', { name: 'Registrér og vis svaret' }).click();
  await expect(page).toHaveURL(/\/enquiries\/[0-9a-f-]+$/);
  const answer = page.getByRole('article', { name: 'Skriv til os et andet sted' });
  await expect(answer).toContainText('Vi behandler ikke sager her på de sociale medier');
  await expectAccessible(page, 'the answer to an enquiry');
  await screenshot(page, 'enquiry-answer');
  await page.getByRole('link', { name: 'Tilbage til henvendelserne' }).click();
  const register = page.getByRole('table', { name: 'Registrerede henvendelser' });
  await expect(register.getByRole('row').filter({ hasText: 'Parkering ved Rådhusskolen' })).toContainText('Facebook');
  // Never a case: the search finds none.
  await page.goto('/?q=R%C3%A5dhusskolen');
  await expect(page.locator('main')).not.toContainText('Parkering ved Rådhusskolen');
});

test('a transition the caseworker may not fire is shown disabled with the reason', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto(caseUrl);
  const refused = page.locator('#transition-open_investigation');
  await expect(refused).toBeDisabled();
  await expect(page.locator('#transition-open_investigation-reason')).not.toBeEmpty();
  await expectAccessible(page, 'case page with refused transitions');
  await screenshotBoth(page, 'case-refused');
});

test('two browsers: the second to send gets the conflict and keeps what was typed', async ({ browser }) => {
  const first = await newPerson(browser);
  const second = await newPerson(browser);
  await signIn(first, 'ombudsman');
  await signIn(second, 'deputy');
  for (const page of [first, second]) {
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Afvis undersøgelse' }).click();
  }
  await first.locator('#reason').fill('Første');
  await first.goto(caseUrl);  // the first person instead withdraws the complaint
  await first.getByRole('link', { name: 'Træk klagen tilbage' }).click();
  await first.getByRole('button', { name: 'Træk klagen tilbage' }).click();
  await expect(first.locator('.app-tag-large')).toHaveText('Trukket tilbage');

  await second.locator('#reason').fill('Ingen grund til at undersøge');
  await second.getByRole('button', { name: 'Afvis undersøgelse' }).click();
  const conflict = second.locator('.app-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Trukket tilbage');
  await expect(second.locator('#reason')).toHaveValue('Ingen grund til at undersøge');
  await expectAccessible(second, 'version conflict');
  await screenshot(second, 'conflict');
  expect(first.problems).toEqual([]);
  expect(second.problems).toEqual([]);
  await first.context().close();
  await second.context().close();
});

test('the case list sorts the page by its columns, and says how', async ({ page }) => {
  await signIn(page, 'caseworker');
  // A second case, so there is an order to change.
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'Telefon' }).check();
  await page.getByLabel('Navn').fill('Bo Lund');
  await page.getByRole('textbox', { name: 'Telefon' }).fill('+45 33 66 33 66');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('TMF');
  await page.getByLabel('Emne').fill('Affald blev ikke hentet');
  await page.getByLabel('Beskrivelse').fill('Tre uger uden afhentning.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  await page.goto('/?queue=all');
  const table = page.getByRole('table', { name: 'Alle sager' });
  const numbers = () => table.locator('tbody th').allTextContents();
  const byCase = table.getByRole('columnheader', { name: 'Sag', exact: true });
  await byCase.getByRole('button').click();
  await expect(byCase).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await numbers();
  expect(ascending.length).toBeGreaterThan(1);
  expect(ascending).toEqual([...ascending].sort());
  await byCase.getByRole('button').click();
  await expect(byCase).toHaveAttribute('aria-sort', 'descending');
  expect(await numbers()).toEqual([...ascending].reverse());
  // By the date received: registration order, which case numbers follow.
  const byReceived = table.getByRole('columnheader', { name: 'Modtaget' });
  await byReceived.getByRole('button').click();
  await expect(byReceived).toHaveAttribute('aria-sort', 'ascending');
  await expect(byCase).toHaveAttribute('aria-sort', 'none');
  expect(await numbers()).toEqual(ascending);
  await expectAccessible(page, 'a sorted case list');
});

test('the search box finds a case by an inflected Danish word, within the queue and its filters', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto('/?queue=all');
  // "afhentningen" is not in the case; "afhentning" is, in its description.
  await page.getByRole('searchbox', { name: 'Søg i sagerne' }).fill('afhentningen');
  await page.getByRole('button', { name: 'Filtrér' }).click();
  await expect(page).toHaveURL(/q=afhentningen/);
  const table = page.getByRole('table', { name: 'Alle sager' });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Affald blev ikke hentet');
  await expect(page.getByRole('searchbox', { name: 'Søg i sagerne' })).toHaveValue('afhentningen');
  await expect(page.getByText('ordnet efter, hvor godt de passer')).toBeVisible();
  await expectAccessible(page, 'a search');
  // The same words with a department the case is not about: nothing.
  await page.getByLabel('Forvaltning', { exact: true }).selectOption('BUF');
  await page.getByRole('button', { name: 'Filtrér' }).click();
  // Honest: no case has these words here, and the words are kept.
  await expect(page.locator('#no-hits')).toHaveText('Ingen sager indeholder „afhentningen“ i „Alle sager“.');
  await expect(page.getByText('ordnet efter, hvor godt de passer')).toHaveCount(0);
  // Another tab searches the same words there.
  await page.getByRole('link', { name: /^Mine sager/ }).click();
  await expect(page.getByRole('searchbox', { name: 'Søg i sagerne' })).toHaveValue('afhentningen');
  await expect(page.getByRole('link', { name: 'Søg i alle sager' })).toBeVisible();

  // The header's search, from any page, over all cases; a case number
  // opens its case.
  await page.goto('/reports');
  await page.getByRole('searchbox', { name: 'Søg i alle sager' }).fill('afhentning');
  await page.getByRole('searchbox', { name: 'Søg i alle sager' }).press('Enter');
  await expect(page.getByRole('table', { name: 'Alle sager' })).toContainText('Affald blev ikke hentet');
  const number = (await page.getByRole('table', { name: 'Alle sager' }).getByRole('link').first().textContent()).trim();
  const href = await page.getByRole('table', { name: 'Alle sager' }).getByRole('link').first().getAttribute('href');
  await page.getByRole('searchbox', { name: 'Søg i alle sager' }).fill(number.toLowerCase());
  await page.getByRole('searchbox', { name: 'Søg i alle sager' }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test('a department user reaches neither the queues nor a case', async ({ page }) => {
  // Their start is their notices; the office's pages are not there for them.
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(emailOf('department'));
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL((url) => url.pathname === '/department');
  for (const path of [caseUrl, '/intake', `${caseUrl}/transitions/withdraw`]) {
    const response = await page.goto(path);
    expect(response.status(), path).toBe(404);
  }
  await expectAccessible(page, 'not found');
});

test('every page in English too', async ({ page }) => {
  await signIn(page, 'caseworker');
  await switchLanguage(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Queues');
  await expectAccessible(page, 'queues in English');
  await screenshot(page, 'queues');
  await page.goto('/intake');
  await screenshot(page, 'intake');
  await page.goto(caseUrl);
  await expectAccessible(page, 'case page in English');
  await screenshot(page, 'case');
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expectAccessible(page, 'sign-in in English');
  await screenshot(page, 'sign-in');
  await switchLanguage(page);
  await signIn(page, 'caseworker');
  await screenshot(page, 'queues');
});

test('the workflows: each version drawn, its states and transitions, and its running cases', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(emailOf('administrator'));
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await expectAccessible(page, 'workflows');
  await screenshotBoth(page, 'workflows');
  // Workflows by their names in words, never their ids.
  expect(await page.locator('main').innerText()).not.toMatch(/complaint v\d/);
  const newest = page.getByRole('row').filter({ hasText: 'Klage, version 8' });
  await expect(newest).toContainText('Nyeste');
  await newest.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klage, version 8');
  await expect(page.locator('figure.app-diagram svg')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Overgange' })).toContainText('Godkend offentliggørelse');
  await expectAccessible(page, 'a workflow version');
  await screenshotBoth(page, 'workflow');
  // An administrator is not office staff: no case, no queue.
  expect((await page.goto(caseUrl)).status()).toBe(404);

  await page.goto('/workflows');
  await page.getByRole('link', { name: 'Administration' }).click();
  const people = page.locator('#people');
  await expect(people).toContainText('caseworker@test.example');
  // Everyone but the administrator themselves can be deactivated here.
  const deactivate = 'summary:has-text("Deaktivér")';
  await expect(people.getByRole('row').filter({ hasText: 'administrator@test.example' }).locator(deactivate)).toHaveCount(0);
  await expect(people.getByRole('row').filter({ hasText: 'deputy@test.example' }).locator(deactivate)).toHaveCount(1);
  // Anyone active can be sent a new password link, by e-mail to them.
  await expect(people.getByRole('row').filter({ hasText: 'deputy@test.example' }).getByRole('button', { name: /^Send nyt adgangskodelink/ })).toHaveCount(1);
  await expectAccessible(page, 'administration');
  await screenshotBoth(page, 'admin');
  // The deputy (whose part in these flows is over) is deactivated: at once
  // signed out everywhere, and shown so.
  // It asks first: one click opens the question, a second deactivates.
  const deputyRow = people.getByRole('row').filter({ hasText: 'deputy@test.example' });
  await deputyRow.locator(deactivate).click();
  await expect(deputyRow).toContainText('Personen mister straks adgang');
  await expect(deputyRow).toContainText('Aktiv');
  await deputyRow.getByRole('button', { name: /^Ja, deaktivér/ }).click();
  await expect(people.getByRole('row').filter({ hasText: 'deputy@test.example' })).toContainText('Deaktiveret');
  await page.getByRole('button', { name: 'Log ud' }).first().click();
  await page.getByLabel('E-mail').fill(emailOf('deputy'));
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('alert')).toContainText('E-mail eller adgangskode er forkert');
});

// DKFDS's session-timeout pattern: a modal some time before an idle
// session ends, and continuing keeps the session. The page's clock is
// Playwright's, so half an hour passes at once.
test('the session-timeout warning comes before an idle session ends, and continuing keeps it', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'caseworker');
  const idle = Number(await page.locator('body').getAttribute('data-session-idle-seconds'));
  expect(idle).toBeGreaterThan(240);
  const warning = page.getByRole('dialog', { name: 'Du bliver snart logget ud' });
  await expect(warning).toBeHidden();
  await page.clock.fastForward((idle - 130) * 1000);
  await expect(warning).toBeHidden();
  await page.clock.fastForward(20 * 1000);  // two minutes before the end
  await expect(warning).toBeVisible();
  await expectAccessible(page, 'the session-timeout warning');
  await screenshot(page, 'session-timeout');
  await warning.getByRole('button', { name: 'Fortsæt' }).click();
  await expect(warning).toBeHidden();
  // Continued: the warning comes again only an idle period later, and the
  // session still works.
  await page.clock.fastForward(130 * 1000);
  await expect(warning).toBeHidden();
  expect((await page.request.get('/v1/sessions/current')).status()).toBe(200);

  // In English, on a page loaded anew.
  await switchLanguage(page);
  const english = page.getByRole('dialog', { name: 'You will soon be signed out' });
  await page.clock.fastForward((idle - 110) * 1000);
  await expect(english).toBeVisible();
  await expectAccessible(page, 'the session-timeout warning in English');
  await screenshot(page, 'session-timeout');
  await english.getByRole('button', { name: 'Continue' }).click();
  await expect(english).toBeHidden();
  await switchLanguage(page);
});

test('keyboard only: the skip link, signing in, registering a complaint, taking it and withdrawing it', async ({ page }) => {
  await page.goto('/sign-in');
  await page.keyboard.press('Tab');
  await expect(page.locator('a.skipnav')).toBeFocused();
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('E-mail'));
  await page.keyboard.type(emailOf('caseworker'));
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sagskøer');

  await tabTo(page, page.getByRole('link', { name: 'Ny klage' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ny klage');
  await tabTo(page, page.getByRole('radio', { name: 'Brev' }));
  await page.keyboard.press('Space');
  const typeInto = async (locator, text) => { await tabTo(page, locator); await page.keyboard.type(text); };
  await typeInto(page.getByLabel('Navn'), 'Tastatur Borger');
  await typeInto(page.getByRole('textbox', { name: 'E-mail' }), 'tastatur@example.com');
  await tabTo(page, page.getByLabel('Forvaltning, klagen drejer sig om'));
  await page.keyboard.press('ArrowDown');  // the first department after "choose"
  await typeInto(page.getByLabel('Emne'), 'Klage skrevet med tastaturet');
  await typeInto(page.getByLabel('Beskrivelse'), 'Alt her er gjort uden mus.');
  await tabTo(page, page.getByRole('button', { name: 'Registrér klagen' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klage skrevet med tastaturet');

  await tabTo(page, page.getByRole('button', { name: 'Tag sagen' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#assignee')).toContainText('Test caseworker');
  await tabTo(page, page.getByRole('link', { name: 'Træk klagen tilbage' }));
  await page.keyboard.press('Enter');
  await typeInto(page.locator('#reason'), 'Borgeren ringede og trak klagen.');
  await tabTo(page, page.getByRole('button', { name: 'Træk klagen tilbage' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.app-tag-large')).toHaveText('Trukket tilbage');
});
