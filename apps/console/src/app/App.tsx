import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { HttpError } from '../api/http';
import { AuthProvider } from '../auth/AuthProvider';
import { OfflineCacheGate } from '../offline/OfflineCacheGate';
import { routes } from './routes';

/**
 * antd's default greys for secondary text, descriptions and placeholders (#8c8c8c, #bfbfbf on white) and its red
 * (#ff4d4f) and link blue (#1677ff) are under WCAG AA contrast (4.5:1); these pass it on white and on the light greys of the layout, checked
 * by axe-core in the browser tests (layout.e2e.spec.ts).
 */
const THEME = {
  token: {
    colorPrimary: '#1668dc',
    // antd's links follow its info blue (#1677ff, 4.1:1 on white): the primary blue is 5.2:1
    colorLink: '#1668dc',
    borderRadius: 6,
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorError: '#d4262c',
  },
};

/** Retries only what may succeed on a second try: network trouble and 5xx, never 4xx. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (n, e) => n < 3 && (!(e instanceof HttpError) || e.status === 0 || e.status >= 500),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

export function App() {
  const { i18n } = useTranslation();
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(routes));
  const en = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(en ? 'en' : 'zh-cn');
    document.documentElement.lang = i18n.language;
  }, [en, i18n.language]);
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <OfflineCacheGate>
            <AuthProvider>
              <RouterProvider router={router} />
            </AuthProvider>
          </OfflineCacheGate>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
