/**
 * The platform through its web app, as its users meet it: a teacher makes a class, a student
 * registers, joins it, practises (KaTeX, MathLive, feedback), asks the tutor for a hint
 * (streamed), answers offline and comes back online; the teacher sees the attempts; a parent
 * links to the student, reads progress, leaves feedback and buys a plan in the sandbox.
 * Screenshots go to web/test-results/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { render } from "../scripts/openapi-render.mjs";
import { expectAccessible, launch, PHONE, screenshot } from "./browser";

const base = inject("baseURL");
const PASSWORD = "quadratic-Sunflower-42";
const run = Date.now().toString(36);
const email = (who: string) => `${who}-${run}@example.org`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test("the committed API client matches the backend's OpenAPI document", async () => {
  const document = await (await fetch(`${base}/openapi.json`)).json();
  const committed = readFileSync(join(import.meta.dirname, "..", "src", "api", "schema.d.ts"), "utf8");
  expect(committed === (await render(document)), "src/api/schema.d.ts is stale: run `npm run api:generate`").toBe(true);
});

test("the gateway serves the app without shadowing the platform's own paths", async () => {
  const deep = await fetch(`${base}/teacher/some/page`);
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<div id="root">');
  const missing = await fetch(`${base}/api/v1/no-such-route`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get("content-type")).toContain("application/problem+json");
  expect((await fetch(`${base}/healthz`)).headers.get("content-type")).toContain("application/json");
  expect((await fetch(`${base}/manifest.webmanifest`)).status).toBe(200);
});

/** Type into the MathLive field with the keyboard, once it has focus, and see it took. */
async function typeAnswer(page: Page, text: string, { clear = 0 } = {}) {
  const field = page.locator("math-field");
  await field.click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("MATH-FIELD");
  for (let i = 0; i < clear; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
  await expect
    .poll(() => field.evaluate((el) => (el as HTMLElement & { getValue(f: string): string }).getValue("ascii-math")))
    .toBe(text);
}

async function register(page: Page, who: string, role: "student" | "teacher" | "parent", name: string) {
  await page.goto(`${base}/register`);
  await page.getByLabel(role, { exact: true }).check();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email(who));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Date of birth").fill(role === "student" ? "2010-03-14" : "1984-06-02");
  await page.getByLabel("I accept the terms of use").check();
  await page.getByLabel("I accept the privacy notice").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

describe.sequential("a class, a student, a parent", () => {
  let teacher: BrowserContext;
  let student: BrowserContext;
  let parent: BrowserContext;
  let tPage: Page;
  let sPage: Page;
  let pPage: Page;
  let joinCode = "";
  const elsewhere: string[] = []; // requests to any other origin (a CDN, a font host)
  const problems: string[] = []; // CSP violations and uncaught errors in the pages
  const fonts: string[] = []; // MathLive's and KaTeX's fonts, as served from the bundle

  beforeAll(async () => {
    teacher = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    student = await browser.newContext(PHONE);
    parent = await browser.newContext(PHONE);
    for (const context of [teacher, student, parent]) {
      context.on("request", (r) => {
        const url = r.url();
        if (!url.startsWith(base) && !/^(data|blob):/.test(url)) elsewhere.push(url);
      });
      context.on("response", (r) => {
        if (/\.(woff2?|ttf)$/.test(new URL(r.url()).pathname)) fonts.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
    }
    tPage = await teacher.newPage();
    sPage = await student.newPage();
    pPage = await parent.newPage();
    for (const page of [tPage, sPage, pPage]) {
      page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error" && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
      });
    }
  });
  afterAll(async () => {
    await Promise.all([teacher?.close(), student?.close(), parent?.close()]);
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== "fail") return;
    const name = context.task.name.replace(/\W+/g, "-").slice(0, 60);
    for (const [who, page] of [["teacher", tPage], ["student", sPage], ["parent", pPage]] as const) {
      await screenshot(page, `failed-${name}-${who}`).catch(() => undefined);
    }
  });

  test("a teacher registers and creates a class with a join code", async () => {
    await register(tPage, "teacher", "teacher", "Ms Okafor");
    await tPage.getByLabel("New class name").fill("10X maths");
    await tPage.getByRole("button", { name: "Create class" }).click();
    const code = tPage.getByTestId("join-code");
    await expect.poll(async () => (await code.textContent()) ?? "").toMatch(/^[A-Z0-9]{6,}$/);
    joinCode = (await code.textContent())!;
    await screenshot(tPage, "01-teacher-class");
  });

  test("a student registers on a phone and joins the class", async () => {
    await register(sPage, "student", "student", "Sam");
    await sPage.getByRole("link", { name: "Classes and family" }).click();
    await sPage.getByLabel("Class join code").fill(joinCode);
    await sPage.getByRole("button", { name: "Join class" }).click();
    await sPage.getByText("You joined 10X maths.").waitFor();
    await expectAccessible(sPage, "the classes page");
  });

  test("the student sees the next activity and its reason, typeset maths, and feedback", async () => {
    await sPage.getByRole("link", { name: "Practise" }).click();
    await sPage.getByRole("heading", { name: /^Next:/ }).waitFor();
    expect((await sPage.locator(".reason").textContent())?.length).toBeGreaterThan(10);
    await sPage.locator(".stem .katex").first().waitFor(); // KaTeX rendered the stem's maths
    const stem = (await sPage.locator(".stem .katex-mathml annotation").first().textContent()) ?? "";
    expect(stem).toContain("-8 + 13");

    // A wrong answer typed in MathLive, then checked with the button.
    await typeAnswer(sPage, "21");
    await sPage.getByRole("button", { name: "Check my answer" }).click();
    await sPage.getByText("Not quite.").waitFor();
    await screenshot(sPage, "02-student-wrong-answer");
    await expectAccessible(sPage, "the practice page");
  });

  test("the tutor streams a hint over server-sent events", async () => {
    const streamed = sPage.waitForResponse((r) => r.url().includes("/messages") && r.request().method() === "POST");
    await sPage.getByRole("button", { name: "Give me a hint" }).click();
    const response = await streamed;
    expect(response.headers()["content-type"]).toContain("text/event-stream");
    const reply = sPage.locator(".turn.tutor").last();
    await expect.poll(async () => reply.getAttribute("aria-busy")).toBeNull();
    expect(((await reply.textContent()) ?? "").length).toBeGreaterThan(20);
    await reply.locator(".badge").waitFor();
    await screenshot(sPage, "03-student-tutor-hint");
  });

  test("a right answer, typed and sent with the keyboard alone", async () => {
    await typeAnswer(sPage, "5", { clear: 3 });
    await sPage.keyboard.press("Enter");
    await sPage.getByText("Correct!").waitFor();
    // Focus moved to the verdict so a screen reader reads it out.
    expect(await sPage.evaluate(() => document.activeElement?.className)).toContain("verdict-host");
  });

  test("offline: the answer is queued in IndexedDB, the app reloads offline, and it is sent on reconnect", async () => {
    await sPage.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const nextLoaded = sPage.waitForResponse((r) => r.url().includes("/students/me/next"));
    await sPage.getByRole("button", { name: "Next question" }).click();
    const next = (await (await nextLoaded).json()) as { item_id: string; seed: number | null };
    await sPage.locator(`section.question[data-item="${next.item_id}:${next.seed ?? ""}"]`).waitFor();

    await student.setOffline(true);
    try {
      await offlineThenBack();
    } finally {
      await student.setOffline(false);
    }
  });

  async function offlineThenBack() {
    await sPage.getByTestId("offline-banner").waitFor();
    await typeAnswer(sPage, "7");
    await sPage.getByRole("button", { name: "Check my answer" }).click();
    await sPage.getByText("Saved on this device.").waitFor();
    const queued = () =>
      sPage.evaluate(
        () =>
          new Promise<{ client_id: string; answer: string }[]>((ok, fail) => {
            const open = indexedDB.open("mathpath-offline");
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction("attempts").objectStore("attempts").getAll();
              get.onsuccess = () => ok(get.result);
              get.onerror = () => fail(get.error);
            };
          }),
      );
    const waiting = await queued();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.answer).toBe("7");
    expect(waiting[0]!.client_id.length).toBeGreaterThanOrEqual(8);

    // The installed app opens with no network: the shell comes from the service worker.
    await sPage.reload();
    await sPage.getByTestId("offline-banner").waitFor();
    expect(await sPage.getByTestId("offline-banner").textContent()).toContain("1 waiting");
    await screenshot(sPage, "04-student-offline");

    await student.setOffline(false);
    await sPage.getByTestId("synced-banner").waitFor();
    expect(await sPage.getByTestId("synced-banner").textContent()).toContain("1 answer(s) sent");
    expect(await queued()).toHaveLength(0);
    await screenshot(sPage, "05-student-back-online");
  }

  test("the student's progress: mastery chart and reviews", async () => {
    await sPage.getByRole("link", { name: "Progress" }).click();
    await sPage.getByRole("heading", { name: "Mastery by skill" }).waitFor();
    await sPage.locator(".chart canvas").waitFor();
    expect(await sPage.locator("dl.stats dd").first().textContent()).toBe("3");
    await sPage.getByRole("heading", { name: "Reviews" }).waitFor();
    await screenshot(sPage, "06-student-progress");
    await expectAccessible(sPage, "the progress page");
  });

  test("the teacher sees the student's attempts, the offline one included", async () => {
    await tPage.reload();
    await tPage.getByRole("heading", { name: "Overview" }).waitFor();
    await tPage.getByRole("rowheader", { name: "Sam" }).waitFor();
    await expect.poll(async () => tPage.getByTestId("student-attempts").first().textContent()).toBe("3");
    await tPage.getByLabel("Title").fill("Negative numbers");
    await tPage.getByRole("button", { name: "Set assignment" }).click();
    await tPage.getByText(/^Negative numbers: due/).waitFor();
    await screenshot(tPage, "07-teacher-overview");
    await expectAccessible(tPage, "the teacher's page");
  });

  test("a parent signs in with the keyboard, links the child, leaves feedback and buys a plan", async () => {
    const registered = await fetch(`${base}/api/v1/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email: email("parent"),
        password: PASSWORD,
        display_name: "Pat",
        role: "parent",
        date_of_birth: "1980-01-01",
        accept_terms: true,
        accept_privacy: true,
      }),
    });
    expect(registered.status).toBeLessThan(300);

    // Keyboard only: the page's heading has focus, Tab reaches the fields, Enter submits.
    await pPage.goto(`${base}/signin`);
    await expect.poll(() => pPage.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await pPage.keyboard.press("Tab");
    await pPage.keyboard.type(email("parent"));
    await pPage.keyboard.press("Tab");
    await pPage.keyboard.type(PASSWORD);
    await pPage.keyboard.press("Enter");
    await pPage.getByRole("heading", { name: "My children" }).waitFor();

    await pPage.getByRole("button", { name: "Make an invitation code" }).click();
    const code = (await pPage.getByTestId("invite-code").textContent())!;
    await sPage.getByRole("link", { name: "Classes and family" }).click();
    await sPage.getByLabel("Invitation code from your parent or carer").fill(code);
    await sPage.getByRole("button", { name: "Accept invitation" }).click();
    await sPage.getByText("Your parent or carer is now linked").waitFor();

    await expect
      .poll(async () => {
        await pPage.reload();
        await pPage.getByRole("heading", { name: "My children" }).waitFor();
        return pPage.getByRole("heading", { name: "Child 1" }).count();
      })
      .toBe(1);
    await pPage.getByLabel("A note for your child and the tutor").fill("Well done on negative numbers!");
    await pPage.getByRole("button", { name: "Send feedback" }).click();
    await pPage.getByText("Feedback sent").waitFor();
    await screenshot(pPage, "08-parent-child");
    await expectAccessible(pPage, "the parent's page");

    // The sandbox's checkout (the app's own page: paying needs the parent's token), then the plan is Basic.
    await pPage.getByRole("link", { name: "Plan", exact: true }).click();
    await pPage.getByRole("button", { name: "Choose Basic" }).click();
    await pPage.waitForURL(/\/billing\/sandbox\/cs_/);
    await pPage.getByRole("button", { name: "Pay" }).click();
    await pPage.getByText("Payment received").waitFor();
    await expect
      .poll(
        async () => {
          await pPage.goto(`${base}/billing`);
          return (await pPage.getByTestId("current-plan").textContent({ timeout: 10_000 })) ?? "";
        },
        { timeout: 30_000 },
      )
      .toMatch(/^basic/);
    await screenshot(pPage, "09-parent-plan");
  });

  test("nothing was fetched from another origin, and no page broke its CSP or threw", () => {
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    expect(fonts.some((f) => f.startsWith("200 /mathlive/fonts/"))).toBe(true);
    expect(fonts.some((f) => f.startsWith("200 /assets/KaTeX_"))).toBe(true);
    expect(fonts.filter((f) => !f.startsWith("200 "))).toEqual([]);
  });
});
