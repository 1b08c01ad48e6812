import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { readQr } from './qr-image.ts';

/** Whether this browser can offer the camera at all (it also needs a secure context). */
// mediaDevices is missing outside secure contexts (plain http on a LAN address), whatever the types say.
export const cameraAvailable = (): boolean =>
  typeof navigator !== 'undefined' && 'mediaDevices' in navigator && 'getUserMedia' in navigator.mediaDevices;

// Five looks a second: enough to catch a code held up to the camera, light on a phone's battery.
const SCAN_EVERY_MS = 200;

/** The camera's picture, read for a QR code until one is found or the person stops it. */
export function CameraScanner({ onCode, onStop }: { onCode: (text: string) => void; onStop: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const scan = () => {
      const v = video.current;
      if (stopped || v === null) return;
      const text = v.readyState >= 2 ? readQr(v, v.videoWidth, v.videoHeight, canvas) : null;
      if (text !== null) onCode(text);
      else timer = window.setTimeout(scan, SCAN_EVERY_MS);
    };
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(
      (media) => {
        stream = media;
        if (stopped || video.current === null) return;
        video.current.srcObject = media;
        void video.current.play().then(scan, scan);
      },
      () => {
        setFailure(t('greenpass.verify.cameraRefused'));
      },
    );
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => {
        track.stop();
      });
    };
  }, [onCode, t]);

  return (
    <div className="mt-3">
      {failure === null ? (
        <video ref={video} className="salus-camera" muted playsInline aria-label={t('greenpass.verify.cameraView')} />
      ) : (
        <p role="alert">{failure}</p>
      )}
      <Button color="primary" outline className="mt-2" onClick={onStop}>
        {t('greenpass.verify.cameraStop')}
      </Button>
    </div>
  );
}
