/** The Mealsnap logo: a plate with a camera-shutter notch. Decorative. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" fill="currentColor" />
      <circle cx="16" cy="16" r="9" fill="none" stroke="#fff" strokeWidth="2.5" />
      <circle cx="16" cy="16" r="4" fill="#fff" />
      <circle cx="24.5" cy="7.5" r="2" fill="#fff" />
    </svg>
  );
}
