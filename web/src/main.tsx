import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { registerSW } from "virtual:pwa-register";
import "katex/dist/katex.min.css";
import "./styles.css";
import { ApiError } from "./api/client";
import { App } from "./App";
import { AuthProvider } from "./auth";

const client = new QueryClient({
  defaultOptions: {
    queries: {
      // A problem answer (4xx) will not change on retry; a network failure might.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.offline || error.status >= 500),
      networkMode: "offlineFirst",
      refetchOnWindowFocus: false,
    },
    mutations: { networkMode: "always" },
  },
});

registerSW({ immediate: true });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
