// What every spec shares: signing in as a role, the axe check, screenshots,
// and a page that fails its test on any console error (a CSP violation, a
// missing file, a script error).
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';

export const password = process.env.OMBUDSFLOW_PASSWORD;
export const emailOf = (role) => `${role}@test.example`;

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = watch(page);
    await use(page);
    expect(problems, 'console errors and failed files').toEqual([]);
  },
});
export { expect };

// Collects what should never happen on a page: script errors, console
// errors (a CSP violation among them), and a file the page needs (CSS,
// script, font, icon) that fails. Pages themselves may answer 4xx on
// purpose (a refused form, a 404 for a department user): those are the
// specs' to check, so the browser's note about them is left out.
function watch(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  // A load cut short by leaving the page (the next navigation aborts an
  // icon or a request still under way) is no fault of the page; any other
  // failure (refused, reset, blocked) is.
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText ?? '';
    if (request.resourceType() === 'document' || why === 'net::ERR_ABORTED') return;
    problems.push(`failed ${request.url()} (${why})`);
  });
  return problems;
}

// A new browser context (its own cookies) with a page that reports errors.
export async function newPerson(browser, locale = 'da-DK') {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.problems = watch(page);
  return page;
}

export async function signIn(page, role) {
  await page.goto('/sign-in');
  await page.getByLabel(/^(E-mail|Email)$/).fill(emailOf(role));
  await page.getByLabel(/^(Adgangskode|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Log ind|Sign in)$/ }).click();
  await expect(page.getByRole('button', { name: /^(Log ud|Sign out)$/ }).first()).toBeVisible();
}

// No WCAG 2.1 A or AA violation that axe-core can find.
export async function expectAccessible(page, what) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help}\n  ` +
      violation.nodes.map((node) => node.target.join(' ')).join('\n  '));
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

// Presses Tab until `target` has the focus, as a keyboard user would, and
// checks that the focus shows.
export async function tabTo(page, target) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) {
      const outline = await target.evaluate((element) => getComputedStyle(element).outlineStyle);
      expect(outline, 'the focus is visible').not.toBe('none');
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

// Saves a full-page screenshot under the build folder: NAME-LANG.png.
export async function screenshot(page, name) {
  const lang = await page.locator('html').getAttribute('lang');
  await page.screenshot({
    path: path.join(process.env.OMBUDSFLOW_SCREENSHOTS, `${name}-${lang}.png`),
    fullPage: true,
  });
}

// Switches the page's language with the header's link.
export async function switchLanguage(page) {
  await page.locator('a.app-language').click();
}

// Screenshots the page in Danish and in English (with the header's
// language link, which comes back to the same page), checking it with axe
// in English too, and leaves it in Danish.
export async function screenshotBoth(page, name) {
  await screenshot(page, name);
  await switchLanguage(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, `${name} in English`);
  await screenshot(page, name);
  await switchLanguage(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
}

// The newest set-password link e-mailed to `email` (the test's SMTP
// receiver keeps each message's summary as N.json), as a path to visit.
export function mailedPasswordLink(email) {
  const folder = process.env.OMBUDSFLOW_MAIL_FOLDER;
  let link = '';
  for (let n = 1; fs.existsSync(path.join(folder, `${n}.json`)); ++n) {
    const mail = JSON.parse(fs.readFileSync(path.join(folder, `${n}.json`), 'utf8'));
    if (mail.rcptTos.length !== 1 || mail.rcptTos[0] !== email) continue;
    for (const part of mail.parts) {
      const found = part.text.match(/\/set-password\?token=[0-9a-f]{64}/);
      if (found) link = found[0];
    }
  }
  return link;
}

// Every text of the Danish message file, as a pattern: its {{label}} and
// {{max}} places match any words.
const danishTexts = Object.values(JSON.parse(fs.readFileSync(
  new URL('../../../templates/web/messages/da.json', import.meta.url), 'utf8')))
  .map((text) => new RegExp(`^${text.split(/\{\{\w+\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's'));

// A refused form on a Danish page: every error in its summary is a text of
// the Danish message file, and (with `beside`) each linked one is also
// shown beside its field, which is marked invalid.
export async function expectDanishErrors(page, { beside = true } = {}) {
  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  const items = await summary.locator('li').evaluateAll((entries) => entries.map((entry) => ({
    text: entry.innerText.trim(),
    href: entry.querySelector('a')?.getAttribute('href') ?? '',
  })));
  expect(items.length).toBeGreaterThan(0);
  for (const { text, href } of items) {
    expect(danishTexts.some((pattern) => pattern.test(text)), `"${text}" is a text of da.json`).toBe(true);
    if (!beside || !href.startsWith('#')) continue;
    const control = page.locator(href);
    if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(await control.evaluate((element) => element.tagName))) {
      // A rule over several fields links to their section, which says it.
      await expect(page.locator(`${href}-error`)).toContainText(text);
      continue;
    }
    await expect(control).toHaveAttribute('aria-invalid', 'true');
    // Beside it: the message the control is described by (its own, or its
    // section's for a rule over several fields).
    const described = await control.evaluate((element) => {
      const ids = [element.getAttribute('aria-describedby') ?? '',
        element.closest('fieldset')?.getAttribute('aria-describedby') ?? ''].join(' ');
      return ids.split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.innerText ?? '').join('\n');
    });
    expect(described, `the error beside ${href}`).toContain(text);
  }
}

// Fails when the page is wider than the window, naming the outermost
// elements that stick out; logs the width either way.
export async function expectNoSidewaysScroll(page, what) {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const inner = window.innerWidth;
    const out = (element) => element.getBoundingClientRect().right > inner + 0.5;
    // What a scroll region (or anything clipping) holds widens nothing.
    const clipped = (element) => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll('body *')]
      .filter((element) => out(element) && !clipped(element) &&
        (element.parentElement === document.body || !out(element.parentElement)))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}` +
        `${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}` +
        ` (${Math.round(element.getBoundingClientRect().right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: inner, culprits };
  });
  const line = `${what}: ${scrollWidth} px wide at ${innerWidth} px`;
  console.log(line);
  // Kept with the screenshots: a passing run prints nothing.
  fs.appendFileSync(path.join(process.env.OMBUDSFLOW_SCREENSHOTS, 'narrow-widths.txt'), `${line}\n`);
  // Soft: one run names every page that does not fit.
  expect.soft(scrollWidth, `${what} scrolls sideways: ${culprits.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

// A page checked at every width a person uses: no sideways scroll and axe
// at 320 px, axe at 1280 px, screenshots at 1280 and 390 px, each named
// "<prefix>-<name>".
export function pageChecker(prefix) {
  return async (page, name) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoSidewaysScroll(page, `${prefix} ${name}`);
    await expectAccessible(page, `${prefix} ${name} at 320 px`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectAccessible(page, `${prefix} ${name} at 1280 px`);
    await screenshot(page, `${prefix}-${name}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, `${prefix}-${name}-390`);
  };
}

// The mails to `address` the test's SMTP server kept so far (their
// summaries), oldest first.
export function mailsTo(address) {
  const folder = process.env.OMBUDSFLOW_MAIL_FOLDER;
  const found = [];
  for (let n = 1; fs.existsSync(path.join(folder, `${n}.json`)); ++n) {
    const mail = JSON.parse(fs.readFileSync(path.join(folder, `${n}.json`), 'utf8'));
    if (mail.rcptTos.length === 1 && mail.rcptTos[0] === address) found.push(mail);
  }
  return found;
}
