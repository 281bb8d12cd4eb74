import { checkAlarms } from "./check-alarms";
import { recognizePhoto } from "./recognize-photo";
import { sweepStuck } from "./sweep-stuck";

/** Every background function the app serves (DESIGN §6). */
export const functions = [recognizePhoto, sweepStuck, checkAlarms];
