// The discrimination hotline's public door, on a phone: a citizen tells
// what happened (an error at its field first), anonymously in Danish and
// with an address in English, and gets a receipt that says whether we can
// answer. Every page: axe, no sideways scroll at 320 px, screenshots at
// 390 and 1280 px.
import { test, expect, expectAccessible, screenshot, tabTo, expectNoSidewaysScroll, newPerson } from './support.mjs';

const narrow = { width: 320, height: 640 };
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 800 };

async function checkPage(page, name) {
  await page.setViewportSize(narrow);
  await expectNoSidewaysScroll(page, `hotline ${name}`);
  await expectAccessible(page, `hotline ${name} at 320 px`);
  await page.setViewportSize(wide);
  await expectAccessible(page, `hotline ${name} at 1280 px`);
  await screenshot(page, `hotline-${name}-1280`);
  await page.setViewportSize(phone);
  await screenshot(page, `hotline-${name}-390`);
}

test('a citizen tells the discrimination hotline what happened, anonymously, with the keyboard', async ({ browser }) => {
  const page = await newPerson(browser);
  await page.setViewportSize(phone);
  await page.goto('/diskrimination');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diskriminationslinjen');
  await checkPage(page, 'form');
  await page.getByLabel('Hvad skete der?').fill('Jeg blev bedt om at gå, fordi jeg talte arabisk med min søn.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert')).toContainText('Skriv, hvad det handler om');
  await expect(page.locator('#subject-error')).toContainText('Skriv, hvad det handler om');
  await expect(page.getByLabel('Hvad skete der?')).toHaveValue('Jeg blev bedt om at gå, fordi jeg talte arabisk med min søn.');
  await checkPage(page, 'form-errors');
  await tabTo(page, page.getByLabel('Hvad handler det om?'));
  await page.keyboard.type('Afvist ved skranken');
  await tabTo(page, page.getByRole('button', { name: 'Send' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tak. Vi har fået din henvendelse');
  await expect(page.locator('.app-case-number')).toHaveText(/^BR-\d{4}-\d{5}$/);
  await expect(page.locator('main')).toContainText('Du har ikke givet os kontaktoplysninger');
  await checkPage(page, 'receipt');
  expect(page.problems).toEqual([]);
  await page.context().close();
});

test('the hotline in English, with an address to answer', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await page.setViewportSize(phone);
  await page.goto('/diskrimination?sprog=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The discrimination hotline');
  await checkPage(page, 'form-en');
  await page.getByLabel('What is it about?').fill('Refused a swimming course');
  await page.getByLabel('What happened?').fill('My daughter was refused because she wears a headscarf.');
  await page.getByLabel(/^Email|^E-mail/).fill('parent@example.com');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you. We have received your message');
  await expect(page.locator('main')).toContainText('contact you');
  await checkPage(page, 'receipt-en');
  expect(page.problems).toEqual([]);
  await page.context().close();
});
