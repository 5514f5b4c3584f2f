// Phones and 400 % zoom (WCAG 1.4.10 Reflow): at 320 CSS px, which is
// 1280 px at 400 %, no page scrolls sideways, and the header's links are in
// DKFDS's mobile drawer, behind a menu button that works with the keyboard
// alone. Each role walks every page its header links to, and the first
// entry of each page's list.
import { test, expect, signIn, expectAccessible, screenshot, tabTo, expectNoSidewaysScroll } from './support.mjs';

// Not serial: each test stands alone (the first only adds a case to the
// lists), so one run names every page that does not fit.

const narrow = { width: 320, height: 640 };
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 800 };

const menuButton = (page) => page.getByRole('button', { name: 'Menu', exact: true });
const drawer = (page) => page.getByRole('dialog', { name: 'Menu' });

// The links the header shows, by address, but the application's name
// (which stays in the header at every width).
function headerLinks(page) {
  return page.evaluate(() => [...document.querySelectorAll('header a:not(.app-name)')]
    .filter((link) => link.checkVisibility())
    .map((link) => link.getAttribute('href')));
}

// Each page once: sideways scrolling and axe at the narrow width, and a
// screenshot at a phone's width named by its address (ids as "id").
async function checkPages(page, paths, who) {
  for (const path of paths) {
    await page.goto(path);
    await expectNoSidewaysScroll(page, `${path} (${who})`);
    await expectAccessible(page, `${path} at 320 px (${who})`);
    const name = path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'id')
      .replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'home';
    await page.setViewportSize(phone);
    await screenshot(page, `phone-${who}-${name}`);
    await page.setViewportSize(narrow);
  }
}

// The pages of the header's links, and of the first link in each one's
// tables (a case, a notice, a workflow version...), each once.
async function pagesFrom(page, links) {
  const paths = new Set();
  for (const link of links) {
    if (link.startsWith('/language')) continue;
    paths.add(link);
    await page.goto(link);
    const first = page.locator('main table a[href^="/"]').first();
    if (await first.count()) paths.add(await first.getAttribute('href'));
  }
  return [...paths];
}

// Opens the menu from the keyboard: Tab to the button, Enter. The focus
// moves into the drawer, every link of the wide header is there, each takes
// the focus in turn, and Tab stays within the drawer.
async function openMenu(page, links) {
  if (!await menuButton(page).evaluate((button) => button === document.activeElement)) {
    await tabTo(page, menuButton(page));
  }
  await page.keyboard.press('Enter');
  const menu = drawer(page);
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('button', { name: 'Luk' })).toBeFocused();
  const inMenu = menu.getByRole('link');
  await expect(inMenu).toHaveCount(links.length);
  for (const link of links) {
    await expect(menu.locator(`a[href="${link}"]`)).toBeVisible();
  }
  const reached = new Set();
  for (let i = 0; i < links.length + 4; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement.getAttribute('href') ?? document.activeElement.textContent.trim()));
    expect(await menu.evaluate((element) => element.contains(document.activeElement)), 'the focus stays in the menu').toBe(true);
  }
  for (const link of links) expect(reached, `Tab reaches ${link}`).toContain(link);
  return menu;
}

async function closeMenu(page) {
  await page.keyboard.press('Escape');
  await expect(drawer(page)).toBeHidden();
  await expect(menuButton(page)).toBeFocused();
}

// Each role, the menu link it follows, and lists its header does not link
// to directly (the office's queue of all cases leads to a case page).
const roles = [
  { role: 'caseworker', follow: 'Ny klage', lands: '/intake', lists: ['/?queue=all', '/reports/themes'] },
  { role: 'ombudsman', follow: 'Kontoret', lands: '/office', lists: ['/?queue=all'] },
  { role: 'department', follow: 'Mine API-nøgler', lands: '/me/tokens', lists: [] },
  { role: 'administrator', follow: 'Administration', lands: '/admin', lists: [] },
];

test('a complaint with long words, for the lists and the case page to fit', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'E-mail' }).check();
  await page.getByLabel('Navn').fill('Maximiliane Østergaard-Vestergaard-Kristiansen');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('maximiliane.oestergaard-vestergaard-kristiansen@kommunalforvaltningen.example');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Sagsbehandlingstidsoverskridelsesproblematikkens konsekvenser');
  await page.getByLabel('Beskrivelse').fill('Klagen drejer sig om børnehaveindskrivningsbekræftelsesbrevet, der aldrig kom.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
});

// Signs in at the wide width; the links its header shows.
async function signInWide(page, role) {
  await page.setViewportSize(wide);
  await signIn(page, role);
  const links = await headerLinks(page);
  expect(links.length).toBeGreaterThan(1);
  return links;
}

for (const { role, follow, lands, lists } of roles) {
  test(`${role}: at 320 px the menu opens, leads and closes by keyboard`, async ({ page }) => {
    const links = await signInWide(page, role);
    // At the wide width the header has no menu button: its links show.
    await expect(menuButton(page)).toBeHidden();
    await screenshot(page, `narrow-menu-closed-1280-${role}`);

    await page.setViewportSize(narrow);
    await expect(menuButton(page)).toBeVisible();
    expect(await headerLinks(page), 'the header hides its links behind the menu').toEqual([]);
    const menu = await openMenu(page, links);
    await expectAccessible(page, `the menu open at 320 px (${role})`);
    await closeMenu(page);

    await page.setViewportSize(phone);
    await screenshot(page, `narrow-menu-closed-390-${role}`);
    await openMenu(page, links);
    await screenshot(page, `narrow-menu-open-390-${role}`);
    await closeMenu(page);

    // A link followed from the menu by keyboard.
    await page.setViewportSize(narrow);
    await openMenu(page, links);
    await tabTo(page, menu.getByRole('link', { name: follow, exact: true }));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${lands}$`));
    await expect(drawer(page)).toBeHidden();
  });

  test(`${role}: at 320 px no page scrolls sideways`, async ({ page }) => {
    const links = await signInWide(page, role);
    const paths = await pagesFrom(page, [...links, ...lists]);
    await page.setViewportSize(narrow);
    await checkPages(page, paths, role);
  });
}

test('signed out: the sign-in, the publications and an unknown page fit at 320 px; the favicon is there', async ({ page }) => {
  await page.setViewportSize(narrow);
  await checkPages(page, ['/sign-in', '/publications', '/no-such-page'], 'signed out');
  await page.goto('/sign-in');
  // Nothing to hide: the language link stays in the header.
  await expect(page.locator('header a.app-language')).toBeVisible();
  await expect(menuButton(page)).toHaveCount(0);
  await page.setViewportSize(phone);
  await screenshot(page, 'narrow-signed-out-390');
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\//);
  await expect(page.locator('link[rel="icon"]')).toHaveCount(1);
});

// The pages a case leads to, at 320 px and by keyboard alone: the first
// question with a letter preview, a step's form with its answer given, the
// step taken, and the letter it sent.
test('caseworker: at 320 px the first question, a step form and the letter sent fit, by keyboard', async ({ page }) => {
  await signIn(page, 'caseworker');
  await page.setViewportSize(narrow);
  await page.goto('/intake');
  await page.getByRole('radio', { name: 'E-mail' }).check();
  await page.getByLabel('Navn').fill('Kirsten Smalskærm');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('kirsten@example.com');
  await page.getByLabel('Forvaltning, klagen drejer sig om').selectOption('BUF');
  await page.getByLabel('Emne').fill('Ventetid på svar om hjemmehjælp');
  await page.getByLabel('Beskrivelse').fill('Jeg har ikke fået svar fra forvaltningen.');
  await page.getByRole('button', { name: 'Registrér klagen' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  const caseUrl = new URL(page.url()).pathname;

  await tabTo(page, page.locator('#answer-no > summary'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#answer-no')).toHaveAttribute('open', '');
  const guide = page.locator('#answer-no .app-path').filter({ hasText: 'Vejled om dialog med forvaltningen' });
  await tabTo(page, guide.locator('.app-path-letter > summary'));
  await page.keyboard.press('Enter');
  await expect(guide.getByRole('article')).toBeVisible();
  await expectNoSidewaysScroll(page, 'the first question with its letter open (caseworker)');
  await expectAccessible(page, 'the first question at 320 px');
  await page.setViewportSize(phone);
  await screenshot(page, 'narrow-first-question-390');
  await page.setViewportSize(narrow);

  const forwarding = await page.locator('#answer-no').getByRole('link', { name: 'Videresend med hjælp' }).getAttribute('href');
  await checkPages(page, [forwarding], 'caseworker');
  await expect(page.locator('.app-answered')).toContainText('Nej');

  await page.goto(caseUrl);
  await tabTo(page, page.locator('#answer-no > summary'));
  await page.keyboard.press('Enter');
  await tabTo(page, guide.getByRole('button', { name: 'Vejled om dialog med forvaltningen' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.app-tag-large')).toHaveText('Afventer dialog med forvaltningen');
  await expectNoSidewaysScroll(page, `${caseUrl} after the first decision (caseworker)`);
  const letter = await page.locator('#journal a[href*="/letters/"]:not([type])').first().getAttribute('href');
  await checkPages(page, [letter], 'caseworker');
  await expect(page.frameLocator('iframe.app-letter-frame').getByText('Kære Kirsten Smalskærm')).toBeVisible();
  await page.setViewportSize(phone);
  await screenshot(page, 'narrow-letter-390');
});

// Every notice on the department's first page, those with their hearing
// letter in a frame among them. The notices are department.spec's and
// journeys.spec's, which run before this file (one worker, in file order).
test('department: at 320 px every notice on its list fits, its hearing letter too', async ({ page }) => {
  await signIn(page, 'department');
  await page.goto('/department');
  const notices = await page.locator('main table a[href^="/department/notices/"]').evaluateAll(
    (links) => [...new Set(links.map((link) => link.getAttribute('href')))].slice(0, 12));
  expect(notices.length).toBeGreaterThan(0);
  await page.setViewportSize(narrow);
  let framed = 0;
  for (const notice of notices) {
    await checkPages(page, [notice], 'department');
    if (await page.locator('iframe.app-letter-frame').count()) {
      framed += 1;
      if (framed === 1) {
        await page.setViewportSize(phone);
        await screenshot(page, 'narrow-notice-with-letter-390');
        await page.setViewportSize(narrow);
      }
    }
  }
  expect(framed, 'a hearing notice shows its letter').toBeGreaterThan(0);
});
