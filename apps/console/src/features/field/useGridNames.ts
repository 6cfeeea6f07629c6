import { useCallback } from 'react';
import { useGridCells } from '../../api/queries';
import { useLabels } from '../../i18n/labels';

/** Grid cell code → its name (网格名) in the current language. */
export function useGridName(): (code: string) => string {
  const { data } = useGridCells();
  const labels = useLabels();
  return useCallback(
    (code: string) => {
      const c = data?.find((x) => x.code === code);
      return c ? labels.name(c.nameZh, c.nameEn) : code;
    },
    // labels is a new object each render; only its language matters
    [data, labels.lang],
  );
}
