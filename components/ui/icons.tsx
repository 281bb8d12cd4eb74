/** Small decorative line icons (no emoji: not every system has an emoji font). */
interface IconProps {
  size?: number;
}

const common = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  strokeLinecap: "round" as const,
  strokeLinejoin: "round" as const,
};

export function CameraIcon({ size = 32 }: IconProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" {...common}>
      <path d="M4 8h3l1.5-2h7L17 8h3a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

export function PlateIcon({ size = 40 }: IconProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" {...common}>
      <circle cx="12" cy="12" r="6.5" />
      <circle cx="12" cy="12" r="3.5" />
      <path d="M2.5 4v5a1.5 1.5 0 0 0 1.5 1.5v9.5M4 4v4M5.5 4v5A1.5 1.5 0 0 1 4 10.5" />
      <path d="M21.5 20V4c-1.8.8-2.5 3-2.5 6h2.5" />
    </svg>
  );
}

export function ImagesIcon({ size = 32 }: IconProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" {...common}>
      <rect x="3" y="5" width="14" height="12" rx="1.5" />
      <path d="M7 20h12.5a1.5 1.5 0 0 0 1.5-1.5V9" />
      <circle cx="8" cy="9.5" r="1.5" />
      <path d="m3.5 15.5 4-4 3 3 2-2 4 4" />
    </svg>
  );
}
