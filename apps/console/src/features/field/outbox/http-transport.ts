import type { ActionRequest, AttachmentView, CaseDetail, CaseView, CreateReportRequest } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { api } from '../../../api/http';
import type { QueuedPhoto } from './outbox-entry';
import type { OutboxTransport } from './outbox';

/** The outbox over the real API; HttpError carries the status the outbox classifies. */
export const httpTransport: OutboxTransport = {
  async uploadPhoto(photo: QueuedPhoto) {
    const form = new FormData();
    // fields before the file: the server reads the multipart stream in order
    form.append('kind', photo.kind);
    form.append('file', photo.blob, photo.name);
    const view = await api<AttachmentView>('/attachments', { method: 'POST', form });
    return view.id;
  },
  sendReport(key: string, body: CreateReportRequest) {
    return api<CaseDetail>('/reports', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
  },
  sendAction(caseId: string, action: CaseAction, body: ActionRequest) {
    return api<CaseView>(`/cases/${caseId}/actions/${action}`, { method: 'POST', body });
  },
  loadCase(caseId: string) {
    return api<CaseView>(`/cases/${caseId}`);
  },
};
