// One file to the file server (`POST {autumn}/{tag}`, multipart `file`), reporting progress as it goes. XHR rather
// than fetch: fetch cannot report upload progress.
import { ApiError } from './errors.js';

export function uploadFile(endpoints, token, tag, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${endpoints.autumn}/${tag}`);
    if (token) request.setRequestHeader('X-Session-Token', token);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch { body = { type: `HTTP ${request.status}` }; }
      if (request.status >= 200 && request.status < 300 && body?.id) {
        onProgress(1);
        resolve(body.id);
      } else {
        reject(new ApiError(request.status, body));
      }
    };
    request.onerror = () => reject(new ApiError(0, { type: 'NetworkError', error: 'the upload did not reach the server' }));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
