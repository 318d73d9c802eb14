export { ShareBanner } from './ShareBanner.tsx';
export { ShareToolbar } from './ShareToolbar.tsx';
