import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { CaseMapProps } from './CaseMap';

const CaseMap = lazy(() => import('./CaseMap'));

/** CaseMap, with ECharts fetched only when a map is first shown. */
export function CaseMapLazy(props: CaseMapProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 240 }} />}>
      <CaseMap {...props} />
    </Suspense>
  );
}
