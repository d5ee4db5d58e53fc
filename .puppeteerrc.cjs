// whatsapp-web.js pulls in puppeteer; never download a browser (we use Debian's Chromium).
module.exports = { skipDownload: true };
