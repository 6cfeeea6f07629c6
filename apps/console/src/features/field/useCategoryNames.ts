import { useCallback } from 'react';
import { useCategories } from '../../api/queries';
import { useLabels } from '../../i18n/labels';

/** Category code → its name in the current language (the code itself until categories have loaded). */
export function useCategoryName(): (code: string) => string {
  const { data } = useCategories();
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
