/// <reference types="vitest/config" />
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// MathLive loads its fonts at run time from `MathfieldElement.fontsDirectory`; ship them in the
// bundle under /mathlive/fonts (no CDN: the app must work on a closed network).
const MATHLIVE_FONTS = join(import.meta.dirname, "node_modules/mathlive/fonts");

function mathliveFonts(): Plugin {
  return {
    name: "mathpath-mathlive-fonts",
    generateBundle() {
      for (const name of readdirSync(MATHLIVE_FONTS)) {
        this.emitFile({
          type: "asset",
          fileName: `mathlive/fonts/${name}`,
          source: readFileSync(join(MATHLIVE_FONTS, name)),
        });
      }
    },
    configureServer(server) {
      server.middlewares.use("/mathlive/fonts", (req, res, next) => {
        const name = (req.url ?? "").replace(/^\//, "").split("?")[0] ?? "";
        if (!/^[\w.-]+$/.test(name)) return next();
        try {
          res.setHeader("Content-Type", "font/woff2");
          res.end(readFileSync(join(MATHLIVE_FONTS, name)));
        } catch {
          next();
        }
      });
    },
  };
}

const backend = process.env.MATHPATH_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [
    react(),
    mathliveFonts(),
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false,
      manifest: {
        name: "Mathpath",
        short_name: "Mathpath",
        description: "Personalised maths practice with a tutor whose maths is checked.",
        start_url: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#1d4ed8",
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,woff2,png,svg}"],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: "/index.html",
        // The SPA shell must never answer for the API, GraphQL, docs or probes.
        navigateFallbackDenylist: [
          /^\/api\//,
          /^\/graphql/,
          /^\/docs/,
          /^\/healthz/,
          /^\/readyz/,
          /^\/openapi\.json/,
          /^\/\.well-known\//,
        ],
        runtimeCaching: [],
      },
    }),
  ],
  server: {
    proxy: {
      "/api": backend,
      "/graphql": backend,
      "/.well-known": backend,
    },
  },
  build: { chunkSizeWarningLimit: 2000 },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
