// The case file in the workplace, as a caseworker works it on a phone: a
// document added from the case page by keyboard, refused in Danish beside
// its field while its title is missing, then listed by its number and
// saved as an attachment under its own name.
import { test, expect, signIn, expectAccessible, expectDanishErrors, screenshot, tabTo } from './support.mjs';

const phone = { width: 390, height: 844 };
const pdf = () => ({
  name: 'afgørelse.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
});

test('caseworker: on a phone, a document is added to the case by keyboard and listed by its number', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.setViewportSize(phone);
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'E-mail' }).check();
  await page.getByLabel('Navn').fill('Dorte Dokument');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('dorte@example.com');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Afslag på hjælpemiddel');
  await page.getByLabel('Beskrivelse').fill('Jeg vedlægger afgørelsen, jeg klager over.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);

  await expect(page.getByRole('heading', { name: 'Sagens akter' })).toBeVisible();
  await expect(page.getByText('Der er ingen dokumenter på sagen endnu.')).toBeVisible();
  await tabTo(page, page.locator('#document-upload > summary'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#document-upload')).toHaveAttribute('open', '');
  await page.getByLabel('Fil', { exact: true }).setInputFiles(pdf());
  await page.getByLabel('Afsender eller modtager').fill('Borgeren');

  // Without a title: refused, in Danish, beside the field, the typing kept.
  await tabTo(page, page.getByRole('button', { name: 'Gem dokumentet' }));
  await page.keyboard.press('Enter');
  await expectDanishErrors(page);
  await expect(page.locator('#document-title-error')).toHaveText('Udfyld feltet „Titel“');
  await expect(page.getByLabel('Afsender eller modtager')).toHaveValue('Borgeren');
  await expect(page.getByText('Vælg filen igen: browseren husker den ikke.')).toBeVisible();
  await expectAccessible(page, 'the upload form refused');
  await screenshot(page, 'documents-refused-390');

  await page.getByLabel('Fil', { exact: true }).setInputFiles(pdf());
  await page.getByLabel('Titel', { exact: true }).fill('Kommunens afgørelse');
  await page.getByLabel('Deles med').selectOption({ label: 'Forvaltningen' });
  await tabTo(page, page.getByRole('button', { name: 'Gem dokumentet' }));
  await page.keyboard.press('Enter');
  // The complaint and its acknowledgement are documents 1 and 2.
  await expect(page.getByRole('status').filter({ hasText: 'Dokumentet er gemt' })).toHaveText(
    'Dokumentet er gemt som akt nr. 3.');
  const row = page.locator('#documents-table tbody tr').filter({ hasText: 'Kommunens afgørelse' });
  await expect(row.locator('td').first()).toHaveText('3');
  await expect(row).toContainText('afgørelse.pdf');
  await expect(row).toContainText('Forvaltningen');
  await expectAccessible(page, 'the case page with its documents');
  await screenshot(page, 'documents-listed-390');

  // Journalised under KLE from the same page, by keyboard: the subject
  // under its main group, and the journal number the letters will carry.
  await expect(page.locator('#kle-none')).toHaveText('Sagen er endnu ikke journaliseret under et KLE-emne.');
  // Nothing is chosen until the caseworker chooses; pressing on is said so, in Danish.
  await page.getByRole('button', { name: 'Journalisér' }).click();
  await expect(page.locator('#kle-refused')).toHaveText('Vælg et KLE-emne på listen.');
  await page.getByLabel('KLE-emne').selectOption({ label: '32.24.04 Hjælp til forsørgelse (kontanthjælp mv.)' });
  await tabTo(page, page.getByRole('button', { name: 'Journalisér' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#kle-subject')).toHaveText('32.24.04 Hjælp til forsørgelse (kontanthjælp mv.)');
  await expect(page.locator('#journal-number')).toHaveText('32.24.04-K01');
  await expect(page.locator('.app-timeline')).toContainText('Journaliseret under KLE 32.24.04');
  await expectAccessible(page, 'the case page journalised under KLE');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Kommunens afgørelse' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('afgørelse.pdf');
});
