import { Alert, App, Button, Input, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LIMITS, type CategoryView, type DistrictView, type GridCellView } from '@gridops/contracts';
import { useCategories, useDistricts, useGridCells } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { CategoryPicker } from './CategoryPicker';
import { FormField } from './FormField';
import { LocationField } from './LocationField';
import { useOutbox } from './outbox/OutboxProvider';
import { newId, PhotoPicker, toQueued, useRevokeOnUnmount, type PickedPhoto } from './PhotoPicker';
import { reportBody, validateReport, type ReportErrors, type ReportValues } from './report-form';
import { FORM_PATIENCE_MS } from './useSubmitAction';

const EMPTY: ReportValues = { categoryCode: null, description: '', location: null, address: '' };

/**
 * 上报: a grid worker reports a problem found on patrol — category, description, location, photos. It goes through
 * the outbox with an Idempotency-Key made once per form, so a retry (or a double tap) never makes two cases.
 */
export default function ReportPage() {
  const { t } = useTranslation('field');
  const me = useMeRequired();
  const categories = useCategories();
  const districts = useDistricts();
  const cells = useGridCells();
  if (me.role !== 'grid_worker') return <Result status="403" title={t('report.notAllowed')} />;
  if (categories.isLoading || districts.isLoading || cells.isLoading) return <div className="field-section"><Skeleton active paragraph={{ rows: 8 }} /></div>;
  const district = districts.data?.find((d) => d.code === me.districtCode) ?? null;
  return <ReportForm categories={categories.data ?? []} district={district} cells={cells.data ?? []} />;
}

export function ReportForm({ categories, district, cells }: { categories: CategoryView[]; district: DistrictView | null; cells: GridCellView[] }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const me = useMeRequired();
  const { outbox } = useOutbox();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [values, setValues] = useState<ReportValues>(EMPTY);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  // one key per report: kept across retries of this form, renewed once the report is handed over
  const [key, setKey] = useState(newId);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  useRevokeOnUnmount(photos);

  const districtArea = district ? { code: district.code, name: labels.name(district.nameZh, district.nameEn), geometry: district.geometry } : null;
  const errors: ReportErrors = validateReport(values, { categories, district: districtArea });
  const shown = tried ? errors : {};
  const err = (f: keyof ReportErrors) => shown[f] && t(shown[f].key, shown[f].values ?? {});
  const set = (patch: Partial<ReportValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = async () => {
    setTried(true);
    setRefusal(null);
    if (Object.keys(errors).length) return;
    setBusy(true);
    try {
      const category = categories.find((c) => c.code === values.categoryCode);
      const attempt = await outbox.enqueue(
        {
          type: 'report',
          key: `report-${key}`,
          userId: me.id,
          label: `${t('outbox.report')} · ${category ? labels.name(category.nameZh, category.nameEn) : values.categoryCode}`,
          photos: photos.map(toQueued),
          body: reportBody(values),
        },
        { waitMs: FORM_PATIENCE_MS },
      );
      if (attempt.outcome === 'rejected') {
        setRefusal(attempt.error.message);
        return;
      }
      if (attempt.outcome === 'duplicate') return;
      // handed over: a fresh form (and key) for the next report
      setValues(EMPTY);
      setPhotos([]);
      setKey(newId());
      setTried(false);
      if (attempt.outcome === 'sent' && attempt.result.type === 'report') {
        void message.success(t('report.sent', { number: attempt.result.case.number }));
        void navigate(`/field/tasks/${attempt.result.case.id}`);
      } else {
        void message.info(t('report.queued'), 5);
        void navigate('/field');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-form" data-testid="report-form">
      <section className="field-section">
        <FormField label={`${t('report.category')} *`} error={err('categoryCode')}>
          <CategoryPicker categories={categories} value={values.categoryCode} onChange={(categoryCode) => set({ categoryCode })} invalid={!!shown.categoryCode} />
        </FormField>
        <FormField label={`${t('report.description')} *`} error={err('description')}>
          <Input.TextArea
            value={values.description}
            onChange={(e) => set({ description: e.target.value })}
            placeholder={t('report.descriptionPlaceholder')}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={LIMITS.description}
            showCount
            status={shown.description ? 'error' : undefined}
            data-testid="report-description"
          />
        </FormField>
      </section>
      <section className="field-section">
        <FormField label={`${t('report.location')} *`} error={err('location')}>
          <LocationField value={values.location} onChange={(location) => set({ location })} district={district} cells={cells} invalid={!!shown.location} />
        </FormField>
        <FormField label={t('report.address')} error={err('address')}>
          <Input
            size="large"
            value={values.address}
            onChange={(e) => set({ address: e.target.value })}
            placeholder={t('report.addressPlaceholder')}
            maxLength={LIMITS.address}
            data-testid="report-address"
          />
        </FormField>
      </section>
      <section className="field-section">
        <FormField label={t('report.photos')}>
          <PhotoPicker kind="report" photos={photos} onChange={setPhotos} max={LIMITS.photos} />
        </FormField>
      </section>
      {refusal && <Alert type="error" showIcon title={t('report.rejected', { message: refusal })} style={{ marginBottom: 12 }} data-testid="report-refused" />}
      <Button type="primary" block autoInsertSpace={false} className="field-big-btn" loading={busy} onClick={() => void submit()} data-testid="report-submit">
        {t('report.submit')}
      </Button>
    </div>
  );
}
