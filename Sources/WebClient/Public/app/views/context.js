// What every component of the signed-in app reaches: the state, dispatch, the actions, the API, the gateway, the
// configuration and navigation. One value per app instance, handed down by Preact's context (no globals).
import { createContext, useContext } from '../vendor/preact-htm.js';

export const AppContext = createContext(null);

export function useApp() {
  return useContext(AppContext);
}
