import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { persistFieldCache } from './field-cache';
import { savedPhoto } from './photo-cache';

/** While the field view is open, its queries are saved for the signed-in user (field-cache.ts). */
export function usePersistFieldCache(userId: string): void {
  const qc = useQueryClient();
  useEffect(() => persistFieldCache(qc, userId), [qc, userId]);
}

const subscribe = (fn: () => void) => {
  window.addEventListener('online', fn);
  window.addEventListener('offline', fn);
  return () => {
    window.removeEventListener('online', fn);
    window.removeEventListener('offline', fn);
  };
};

/** The browser's own word on coverage (`navigator.onLine`), re-rendering when it changes. */
export const useOnline = (): boolean => useSyncExternalStore(subscribe, () => navigator.onLine);

/**
 * A photo's URL to show: the signed URL while online; without coverage the saved copy (photo-cache.ts) as an object
 * URL — undefined while it is read, or when the photo was never saved.
 */
export function usePhotoUrl(url: string): string | undefined {
  const online = useOnline();
  const [saved, setSaved] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (online) return;
    let alive = true;
    let objectUrl: string | undefined;
    void savedPhoto(url)
      .then((blob) => {
        if (!blob || !alive) return;
        objectUrl = URL.createObjectURL(blob);
        setSaved(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setSaved(undefined);
    };
  }, [online, url]);
  return online ? url : saved;
}
