// A module without a default export: runners must refuse it with E_INPUT_TYPE.
export const notATask = 1;
