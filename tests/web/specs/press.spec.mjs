// The press log as the office uses it: a caseworker records who asked
// about what (an error at its field first), the ombudsman answers. Every
// page: axe, no sideways scroll at 320 px, screenshots.
import {
  test, expect, expectAccessible, expectNoSidewaysScroll, screenshot, newPerson, signIn,
} from './support.mjs';

async function checkPage(page, name) {
  await page.setViewportSize({ width: 320, height: 640 });
  await expectNoSidewaysScroll(page, `press ${name}`);
  await expectAccessible(page, `press ${name} at 320 px`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, `press ${name} at 1280 px`);
  await screenshot(page, `press-${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `press-${name}-390`);
}

test('a caseworker records a question from the press and the ombudsman answers it', async ({ browser }) => {
  test.setTimeout(180_000);
  const topic = `Ventetiden i BUF ${Date.now() % 100000}`;
  const caseworker = await newPerson(browser);
  await signIn(caseworker, 'caseworker');
  await caseworker.getByRole('link', { name: 'Presse' }).first().click();
  await expect(caseworker.getByRole('heading', { level: 1 })).toHaveText('Presse');
  await checkPage(caseworker, 'log');
  await caseworker.getByLabel('Medie').fill('Politiken');
  await caseworker.getByRole('button', { name: 'Registrér henvendelsen' }).click();
  await expect(caseworker.getByRole('alert')).toContainText('Journalist');
  await expect(caseworker.getByLabel('Medie')).toHaveValue('Politiken');
  await checkPage(caseworker, 'log-errors');
  await caseworker.getByLabel('Journalist').fill('Journalist Jensen');
  await caseworker.getByLabel('Hvad spørger de om?').fill(topic);
  await caseworker.getByRole('button', { name: 'Registrér henvendelsen' }).click();
  await expect(caseworker.locator('main')).toContainText(topic);

  const ombudsman = await newPerson(browser);
  await signIn(ombudsman, 'ombudsman');
  await ombudsman.goto('/press');
  const entry = ombudsman.locator('section', { hasText: topic });
  await entry.getByLabel('Svar').fill('Vi har ingen sager om det lige nu.');
  await entry.getByRole('button', { name: 'Registrér svaret' }).click();
  await expect(ombudsman.locator('section', { hasText: topic })).toContainText('Besvaret af');
  await checkPage(ombudsman, 'answered');
  for (const person of [caseworker, ombudsman]) expect(person.problems).toEqual([]);
  await caseworker.context().close();
  await ombudsman.context().close();
});
