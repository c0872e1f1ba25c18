/** The registration fields as command-line flags, shared by `arrival add` and `arrival edit`. */
import type { ArrivalField } from '../../domain/arrival.js';

/** The flags of the registration fields, as commander parses them. */
export interface RegistrationFlags {
  name?: string;
  idNumber?: string;
  phone?: string;
  origin?: string;
  arrivalDate?: string;
  arrivalTime?: string;
  transport?: string;
  destination?: string;
  contact?: string;
  exposureDate?: string;
  vehicle?: string;
  township?: string;
  note?: string;
}

/** Each flag's field. */
export const FIELD_OF_FLAG: Record<keyof RegistrationFlags, ArrivalField> = {
  name: 'name', idNumber: 'id_number', phone: 'phone', origin: 'origin', arrivalDate: 'arrival_date', arrivalTime: 'arrival_time',
  transport: 'transport', destination: 'destination', contact: 'contact_type', exposureDate: 'exposure_date', vehicle: 'vehicle',
  township: 'township', note: 'note',
};

/** The fields the flags give (a flag not given is left out; "" is kept: it clears a field in edit). */
export function fieldsOf(flags: RegistrationFlags): Partial<Record<ArrivalField, string>> {
  const out: Partial<Record<ArrivalField, string>> = {};
  for (const [flag, field] of Object.entries(FIELD_OF_FLAG) as Array<[keyof RegistrationFlags, ArrivalField]>) {
    const v = flags[flag];
    if (typeof v === 'string') out[field] = v;
  }
  return out;
}
