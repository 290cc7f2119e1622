// jsdom has no canvas; ECharts only uses it to measure text, so a null context keeps jsdom quiet.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
