import { Alert, Button, DatePicker, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type CaseView } from '@gridops/contracts';
import { PRIORITIES, type CaseAction } from '@gridops/domain';
import { useCaseAction } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { describeActionError, type ActionFailure } from './action-errors';
import {
  actionFormSpec, buildActionRequest, validateActionRequest,
  type ActionFieldName, type ActionFormSpec, type ActionFormValues, type FieldProblems,
} from './action-form-spec';
import type { PhotoUploader } from './attachments-api';
import { AssigneeSelect } from './AssigneeSelect';
import { CasePicker } from './CasePicker';
import { PhotoField } from './PhotoField';
import { useCaseNames } from './useCaseNames';
import './messages';
import { townTime } from '../../ui/town-time';

export interface ActionFormProps {
  view: CaseView;
  action: CaseAction;
  /** the new case view after the action was taken */
  onDone?: (view: CaseView) => void;
  /** 409: the case changed under us; the caller reloads it and explains */
  onConflict?: () => void;
  onCancel?: () => void;
  /** the phone view passes its own (queued, retrying) uploader */
  uploader?: PhotoUploader;
  /** pre-filled values, e.g. the merge target suggested by the pipeline */
  initialValues?: ActionFormValues;
  /** everything typed so far, on every change (kept by the panel when the case moves under the form) */
  onValuesChange?: (values: ActionFormValues) => void;
  /** the action is no longer allowed (someone moved the case): what was typed stays visible, nothing is sent */
  disabled?: boolean;
}

type FormShape = Omit<ActionFormValues, 'dueAt'> & { dueAt?: Dayjs };

const PRESETS: { key: string; add: [number, 'hour' | 'day'] }[] = [
  { key: 'h4', add: [4, 'hour'] },
  { key: 'd1', add: [1, 'day'] },
  { key: 'd2', add: [2, 'day'] },
  { key: 'd3', add: [3, 'day'] },
  { key: 'd7', add: [7, 'day'] },
];

/** The form starts from the case's own values where they stand for a field left out (filing keeps the category). */
function defaults(view: CaseView, spec: ActionFormSpec): FormShape {
  const c = view.case;
  const shape: Record<string, unknown> = {};
  for (const [field, from] of Object.entries(spec.defaults)) {
    const value = c[from];
    shape[field] = field === 'dueAt' ? (value ? dayjs(value as string) : undefined) : value;
  }
  // the pipeline's duplicate suggestion is a suggestion for the operator, not the workflow's default
  if (spec.action === 'merge') shape.targetCaseId = c.suggestedDuplicateOf ?? undefined;
  return shape as FormShape;
}

/**
 * The form of one action, generated from the contract: the fields `actionFields[action]` lists, each with the
 * widget its input needs; checked with the same zod schema as the server before sending, server errors shown
 * beside the fields or as one sentence. The request carries the case version (optimistic lock).
 */
export function ActionForm({ view, action, onDone, onConflict, onCancel, uploader, initialValues, onValuesChange, disabled }: ActionFormProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const names = useCaseNames();
  const c = view.case;
  const category = names.categoryView(c.categoryCode);
  const afterPhotoRequired = !!category?.afterPhotoRequired;
  const spec = useMemo(() => actionFormSpec(action, { afterPhotoRequired }), [action, afterPhotoRequired]);
  const [form] = Form.useForm<FormShape>();
  const mutation = useCaseAction(c.id);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const initial = useMemo(() => {
    const base = defaults(view, spec);
    const extra = initialValues ?? {};
    return { ...base, ...extra, dueAt: extra.dueAt ? dayjs(typeof extra.dueAt === 'string' ? extra.dueAt : extra.dueAt.format()) : base.dueAt } as FormShape;
    // the form keeps its own state once shown; only a different case or action resets it
    // (a live update of the same case must not wipe what the operator is typing)
  }, [c.id, action]);

  const showProblems = (problems: FieldProblems) => {
    form.setFields(
      (Object.entries(problems) as [ActionFieldName, NonNullable<FieldProblems[ActionFieldName]>][]).map(([name, p]) => ({
        name,
        errors: [t(`validation.${p.key}`, p.values ?? {})],
      })),
    );
  };

  const submit = async (values: FormShape) => {
    setFailure(null);
    const body = buildActionRequest(action, values as ActionFormValues, c.version);
    const problems = validateActionRequest(action, body, { caseId: c.id, now: Date.now(), handlingDueAt: c.handlingDueAt, afterPhotoRequired });
    if (Object.keys(problems).length) {
      showProblems(problems);
      return;
    }
    try {
      const next = await mutation.mutateAsync({ action, input: body as unknown as Record<string, unknown> });
      onDone?.(next);
    } catch (e) {
      const f = describeActionError(e);
      if (f.kind === 'conflict') {
        onConflict?.();
        return;
      }
      if (f.kind === 'fields') form.setFields(Object.entries(f.fields).map(([name, message]) => ({ name: name as ActionFieldName, errors: [message] })));
      setFailure(f);
    }
  };

  const required = (f: ActionFieldName) => spec.required.includes(f);
  const item = (f: ActionFieldName, node: ReactNode, extra?: ReactNode) => (
    <Form.Item key={f} name={f} label={t(`action.label.${f}`)} required={required(f)} extra={extra} style={{ marginBottom: 12 }}>
      {node}
    </Form.Item>
  );

  const workers = names.users.filter((u) => u.active && u.role === 'grid_worker' && u.districtCode === c.districtCode && u.id !== c.fixerUserId);
  const fields: Record<ActionFieldName, () => ReactNode> = {
    assignee: () =>
      item('assignee', <AssigneeSelect districtCode={c.districtCode} suggestedUnitCode={category?.needsUnit ? category.defaultUnitCode : null} autoFocus />),
    reasonCode: () =>
      item(
        'reasonCode',
        <Radio.Group optionType="button" size="small" options={(spec.reasons ?? []).map((r) => ({ value: r, label: t(`reason.${r}`) }))} />,
      ),
    targetCaseId: () => item('targetCaseId', <CasePicker excludeId={c.id} districtCode={c.districtCode} />),
    categoryCode: () =>
      item(
        'categoryCode',
        <Select
          showSearch={{ optionFilterProp: 'search' }}
          options={names.categories
            .filter((x) => x.active || x.code === c.categoryCode)
            .map((x) => ({ value: x.code, label: `${x.code} ${labels.name(x.nameZh, x.nameEn)}`, search: `${x.code} ${x.nameZh} ${x.nameEn}` }))}
        />,
      ),
    priority: () => item('priority', <Radio.Group optionType="button" size="small" options={PRIORITIES.map((p) => ({ value: p, label: p }))} />),
    urgent: () => (
      <Form.Item key="urgent" name="urgent" label={t('action.label.urgent')} valuePropName="checked" style={{ marginBottom: 12 }}>
        <Switch size="small" />
      </Form.Item>
    ),
    checkerUserId: () =>
      item(
        'checkerUserId',
        <Select allowClear placeholder={t('action.placeholder.checker')} options={workers.map((u) => ({ value: u.id, label: u.displayName }))} />,
      ),
    dueAt: () => {
      const base = c.handlingDueAt ? dayjs(c.handlingDueAt) : dayjs();
      return item(
        'dueAt',
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('action.placeholder.dueAt')} style={{ width: 220 }} />,
        <Space size={4} wrap style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.handlingDueAt ? t('action.currentDue', { at: townTime(c.handlingDueAt).format('MM-DD HH:mm') }) : null}
            {c.requestedDueAt ? ` · ${t('action.requestedDue', { at: townTime(c.requestedDueAt).format('MM-DD HH:mm') })}` : null}
          </Typography.Text>
          <span style={{ fontSize: 12 }}>{t('action.extendBy')}</span>
          {PRESETS.map((p) => (
            <Button key={p.key} size="small" onClick={() => form.setFieldValue('dueAt', base.add(p.add[0], p.add[1]).startOf('minute'))}>
              {t(`action.preset.${p.key}`)}
            </Button>
          ))}
        </Space>,
      );
    },
    satisfied: () =>
      item(
        'satisfied',
        <Radio.Group
          optionType="button"
          options={[
            { value: true, label: t('callback.satisfied') },
            { value: false, label: t('callback.dissatisfied') },
          ]}
        />,
      ),
    note: () =>
      item(
        'note',
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={LIMITS.note}
          placeholder={required('note') ? t('action.placeholder.noteRequired') : t('action.placeholder.note')}
          autoFocus={spec.fields[0] === 'note'}
        />,
      ),
    attachmentIds: () =>
      item(
        'attachmentIds',
        <PhotoField kind={spec.photoKind} uploader={uploader} />,
        // a photo is required only where the category wants one of the result
        required('attachmentIds') ? t('action.afterPhotoHint') : undefined,
      ),
  };

  return (
    <Form<FormShape>
      form={form}
      layout="vertical"
      size="middle"
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      onValuesChange={(_, all) => onValuesChange?.(all as ActionFormValues)}
      disabled={disabled}
      requiredMark
      data-testid={`action-form-${action}`}
    >
      {spec.fields.map((f) => fields[f]())}
      {failure && failure.kind !== 'conflict' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="action-error"
          title={failure.kind === 'fields' ? t('error.input', { message: failure.message }) : t(`error.${failure.key}`, { message: failure.message })}
        />
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={mutation.isPending} disabled={disabled} data-testid="action-submit" danger={action === 'void'}>
          {t('action.submit', { action: labels.action(action) })}
        </Button>
        {onCancel && <Button onClick={onCancel} disabled={false}>{t('action.cancel')}</Button>}
      </Space>
    </Form>
  );
}

