import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useRef, useState, type ComponentRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddressMatch, CaseDetail } from '@gridops/contracts';
import { findContaining, type LatLng } from '@gridops/domain';
import { api, HttpError } from '../../api/http';
import { useCategories, useGridCells } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { newId } from '../field/PhotoPicker';
import { DESK_SOURCES, EMPTY_INTAKE, cellPoint, intakeRequest, type IntakeErrors, type IntakeValues } from './intake-form';
import { NearbyDuplicates } from './NearbyDuplicates';
import { CategorySuggestions } from './CategorySuggestions';
import { AddressAutoComplete } from '../addresses/AddressAutoComplete';
import './messages';

const AreaMap = lazy(() => import('../field/AreaMap'));

export interface IntakeDrawerProps {
  open: boolean;
  onClose: () => void;
  /** the saved case, to show it in the list */
  onSaved: (c: CaseDetail) => void;
}

/**
 * 受理登记: a phone call or a walk-in becomes a report (`POST /reports`, the same intake as every channel) with an
 * Idempotency-Key made once per form, so a retry after a lost answer never makes two cases. Location by a click on
 * the map or by the grid-cell picker; the possible duplicates around it are listed before saving. Keyboard only:
 * Tab through the fields, type to search the category and cell lists, Ctrl+Enter (or the button) saves.
 */
export function IntakeDrawer({ open, onClose, onSaved }: IntakeDrawerProps) {
  const { t } = useTranslation('desk');
  const labels = useLabels();
  const { message } = App.useApp();
  const categories = useCategories();
  const cells = useGridCells();
  const [values, setValues] = useState<IntakeValues>(EMPTY_INTAKE);
  const [errors, setErrors] = useState<IntakeErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // one key per report being keyed in: a retry of the same form is the same report
  const [key, setKey] = useState(newId);
  const set = (patch: Partial<IntakeValues>) => setValues((v) => ({ ...v, ...patch }));
  // the form stays mounted between calls (what was typed survives closing it): focus the first field on every opening
  const firstField = useRef<ComponentRef<typeof Input>>(null);

  // searched by Chinese or English name or by code, whichever language is shown
  const categoryOptions = useMemo(
    () =>
      (categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: `${labels.name(c.nameZh, c.nameEn)} · ${c.code}`, search: `${c.code} ${c.nameZh} ${c.nameEn}`.toLowerCase() })),
    // labels is a new object each render; only its language matters
    [categories.data, labels.lang],
  );
  const cellOptions = useMemo(
    () => (cells.data ?? []).map((c) => ({ value: c.code, label: `${labels.district(c.districtCode)} · ${labels.name(c.nameZh, c.nameEn)}`, search: `${labels.district(c.districtCode)} ${c.nameZh} ${c.nameEn ?? ''} ${c.code}`.toLowerCase() })),
    [cells.data, labels.lang],
  );
  const areas = useMemo(
    () => (cells.data ?? []).map((c) => ({ code: c.code, name: labels.name(c.nameZh, c.nameEn), geometry: c.geometry, highlight: c.code === values.gridCellCode })),
    [cells.data, labels.lang, values.gridCellCode],
  );

  const activeCategories = useMemo(() => (categories.data ?? []).filter((c) => c.active), [categories.data]);
  const pickCategory = useCallback((code: string) => setValues((v) => ({ ...v, categoryCode: code })), []);
  const pickCell = (code: string) => {
    const cell = cells.data?.find((c) => c.code === code);
    set({ gridCellCode: code, location: cell ? cellPoint(cell) : null });
  };
  const pickPoint = (p: LatLng) => {
    const cell = findContaining(p, cells.data ?? []);
    if (!cell) {
      setErrors((e) => ({ ...e, location: 'outside' }));
      return;
    }
    setErrors(({ location: _, ...rest }) => rest);
    set({ location: p, gridCellCode: cell.code });
  };

  // an entry of the address library: its point and cell place the pin, its standard form is the case's address
  const pickAddress = (a: AddressMatch) => {
    setErrors(({ location: _, address: __, ...rest }) => rest);
    set({ address: a.standardText, addressId: a.id, location: { lat: a.lat, lng: a.lng }, gridCellCode: a.gridCellCode });
  };

  const reset = () => {
    setValues(EMPTY_INTAKE);
    setErrors({});
    setFailure(null);
    setKey(newId());
  };

  const save = async () => {
    const req = intakeRequest(values);
    if ('errors' in req) {
      setErrors(req.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    setSaving(true);
    try {
      const created = await api<CaseDetail>('/reports', { method: 'POST', body: req.body, headers: { 'Idempotency-Key': key } });
      // no refetch of the lists: the live socket brings the new case (case.created) into every list it fits, and a
      // refetch answered after the pipeline's first step would put the older row back over the patched one
      void message.success(t('intake.saved', { number: created.number }));
      reset();
      onSaved(created);
    } catch (err) {
      if (err instanceof HttpError && err.code === 'IDEMPOTENCY_KEY_REUSED') {
        // an earlier try of this form reached the server before it was changed: that case exists; a new save is a new report
        setKey(newId());
        setFailure(t('intake.reused'));
      } else setFailure(err instanceof HttpError && err.status !== 0 ? t('intake.refused', { message: err.message }) : t('intake.offline'));
    } finally {
      setSaving(false);
    }
  };

  const err = (f: keyof IntakeErrors) => (errors[f] ? { validateStatus: 'error' as const, help: t(`intake.error.${errors[f]}`) } : {});

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={820}
      keyboard
      // focus the first field when the drawer has opened — unless the operator is already typing in the form (the
      // opening animation may end after the first keystrokes: taking the focus back then put the next field's text
      // into the wrong one)
      afterOpenChange={(visible) => {
        if (visible && !document.activeElement?.closest('.desk-intake')) firstField.current?.focus();
      }}
      title={t('intake.title')}
      destroyOnHidden={false}
      styles={{ body: { padding: 16 } }}
      extra={<Typography.Text type="secondary">{t('intake.keys')}</Typography.Text>}
      data-testid="intake-drawer"
    >
      <div
        className="desk-intake"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      >
        <Form layout="vertical" requiredMark className="desk-intake-form" onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label={t('intake.source')}>
            <Radio.Group
              value={values.source}
              onChange={(e) => set({ source: e.target.value })}
              options={DESK_SOURCES.map((s) => ({ value: s, label: t(`intake.sources.${s}`, { defaultValue: labels.source(s) }) }))}
              data-testid="intake-source"
            />
          </Form.Item>
          <Space.Compact block>
            <Form.Item label={t('intake.callerName')} style={{ flex: 1, marginRight: 8 }} {...err('callerName')}>
              <Input ref={firstField} autoFocus value={values.callerName} maxLength={50} onChange={(e) => set({ callerName: e.target.value })} data-testid="intake-caller-name" />
            </Form.Item>
            <Form.Item label={t('intake.callerPhone')} style={{ flex: 1 }} {...err('callerPhone')}>
              <Input value={values.callerPhone} maxLength={30} inputMode="tel" onChange={(e) => set({ callerPhone: e.target.value })} data-testid="intake-caller-phone" />
            </Form.Item>
          </Space.Compact>
          <Form.Item label={t('intake.category')} required {...err('categoryCode')}>
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              value={values.categoryCode ?? undefined}
              onChange={(code: string) => set({ categoryCode: code })}
              options={categoryOptions}
              placeholder={t('intake.categoryPlaceholder')}
              loading={categories.isLoading}
              data-testid="intake-category"
            />
          </Form.Item>
          <Form.Item label={t('intake.description')} required {...err('description')}>
            <Input.TextArea value={values.description} autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} onChange={(e) => set({ description: e.target.value })} data-testid="intake-description" />
          </Form.Item>
          <CategorySuggestions description={values.description} categories={activeCategories} chosen={values.categoryCode} onPick={pickCategory} />
          <Form.Item label={t('intake.cell')} required {...err('location')} extra={values.location ? `${values.location.lat.toFixed(6)}, ${values.location.lng.toFixed(6)}` : t('intake.cellHint')}>
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              value={values.gridCellCode ?? undefined}
              onChange={pickCell}
              options={cellOptions}
              placeholder={t('intake.cellPlaceholder')}
              data-testid="intake-cell"
            />
          </Form.Item>
          <Form.Item label={t('intake.address')} {...err('address')} extra={values.addressId ? t('intake.addressPicked') : undefined}>
            <AddressAutoComplete value={values.address} onChange={(address) => set({ address, addressId: null })} onPick={pickAddress} data-testid="intake-address" />
          </Form.Item>
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid="intake-failure" />}
          <Space>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="intake-save">
              {t('intake.save')}
            </Button>
            <Button onClick={reset}>{t('intake.clear')}</Button>
          </Space>
        </Form>
        <div className="desk-intake-side">
          <div className="desk-intake-map" aria-label={t('intake.mapLabel')}>
            <Suspense fallback={<div className="desk-intake-map-canvas" />}>
              <AreaMap areas={areas} point={values.location} onPick={pickPoint} className="desk-intake-map-canvas" />
            </Suspense>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.mapHint')}</Typography.Text>
          </div>
          <NearbyDuplicates categoryCode={values.categoryCode} location={values.location} />
        </div>
      </div>
    </Drawer>
  );
}
