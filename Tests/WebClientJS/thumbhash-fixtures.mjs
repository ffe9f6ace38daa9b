// Hashes the server's ThumbHash encoder writes; ThumbHashWebFixtureTests (Swift) checks they still are.
export const hashes = {
  red60x30: '1fsDBIB4eHiId3eAh4h4j4f3eA==',
  blackWhite40: 'IAgqBwBwinZ4iIiIiIiIiIiIBwAAAAAA',
};
